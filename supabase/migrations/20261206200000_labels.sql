-- Labels on pods and services (nodes have had theirs since the core schema): Kubernetes-style
-- key/value pairs that lists select on (`labelSelector`). A service's pods carry the service's
-- labels plus `stark.io/service=<name>`. Validated by the server (key/value syntax, at most 64).
alter table pods add column if not exists labels jsonb not null default '{}'::jsonb;
alter table services add column if not exists labels jsonb not null default '{}'::jsonb;
