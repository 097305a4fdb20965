-- Counters the controllers keep across server restarts (epoch milliseconds of the server's clock):
-- * pod_backoffs: a pod's crash-loop back-off (crashes in a row, the run they were counted for,
--   when it last failed and when it may restart);
-- * toleration_clocks: when a pod started to stay on a node under a NoExecute taint it tolerates
--   only for a while (per pod + node + taint `key=value:Effect`); a used-up clock keeps the pod
--   off that node;
-- * rollout_failures: failures in a row of a service's new version during its rollout.
-- No foreign keys: the rows are written in the same transaction as the pods they follow, and
-- the server drops rows of pods, nodes and services that are gone when it starts.
-- Row-level security is enabled with no policy and no grant: only the server's own connection
-- reads these tables.

create table pod_backoffs (
  pod_id uuid primary key,
  crashes integer not null check (crashes >= 0),
  incarnation integer not null,
  last_failure_at bigint not null,
  restart_at bigint not null
);

create table toleration_clocks (
  pod_id uuid not null,
  node_id uuid not null,
  taint text not null check (length(taint) <= 600),
  started_at bigint not null,
  primary key (pod_id, node_id, taint)
);
create index toleration_clocks_node_idx on toleration_clocks(node_id);

create table rollout_failures (
  service_id uuid primary key,
  pack_id uuid not null,
  failures integer not null check (failures >= 0),
  last_failure text
);

alter table pod_backoffs enable row level security;
alter table toleration_clocks enable row level security;
alter table rollout_failures enable row level security;
revoke all on pod_backoffs, toleration_clocks, rollout_failures from anon, authenticated;
grant all on pod_backoffs, toleration_clocks, rollout_failures to service_role;
