-- The versions a service was set to, with when and why (created, a user update, a rollback, a
-- newer pack followed): `stark service rollout history` lists them and a rollback on request goes
-- back to the latest one that differs from the current version. No foreign keys (rows of a deleted
-- service are dropped with it). Only the server's own connection reads this table.

create table service_revisions (
  id bigint generated always as identity primary key,
  service_id uuid not null,
  pack_id uuid not null,
  reason text not null check (length(reason) <= 64),
  at bigint not null
);
create index service_revisions_service_idx on service_revisions(service_id, id);

alter table service_revisions enable row level security;
revoke all on service_revisions from anon, authenticated;
grant all on service_revisions to service_role;
