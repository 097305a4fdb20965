-- Pack names live in a namespace, like every other resource: `name@version` is unique within its
-- namespace, so one tenant's `web` no longer keeps another from registering `web` in theirs, and
-- nobody can take a name in a namespace they may not use. Pods and services name a pack of another
-- namespace as `ns/name@version` (the server resolves it; the rows keep the pack's id).
--
-- Existing packs need no move: every pack already has a namespace (`default`, where users' packs
-- were registered, or `system`), and (name, version) was unique across all of them, so it is
-- unique within each. Pods, services and their revisions refer to packs by id, so they keep
-- running — and rolling out, following the newest version of the same namespace — as before.
alter table packs drop constraint if exists packs_name_version_key;
alter table packs add constraint packs_namespace_name_version_key unique (namespace, name, version);
-- Listing and resolving go by namespace and name; the new unique index serves both.
