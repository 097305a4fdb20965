-- Services: the desired state of a workload ("run N pods of this pack", or "one pod on every
-- matching node" in DaemonSet mode) that the service controller keeps converging. Pods carry
-- their service in `pods.spec.service` ({id, name, packId, nodeId?}), so this table needs no
-- column on pods. A service row is removed once its pods have stopped (deletion sets deleted_at
-- first). Row-level security is enabled here; the policies are in the next migration.

create table services (
  id uuid primary key default gen_random_uuid(),
  name text not null check (name ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' and length(name) <= 63),
  namespace text not null references namespaces(name),
  owner_id uuid not null references users(id),
  -- The version pods are made from now (a rollout moves pods to it).
  pack_id uuid not null references packs(id),
  mode text not null check (mode in ('replicas', 'daemonset')),
  replicas integer not null check (replicas between 0 and 10000),
  follow_latest boolean not null default false,
  max_surge integer not null default 1 check (max_surge between 0 and 10000),
  max_unavailable integer not null default 0 check (max_unavailable between 0 and 10000),
  min_ready_seconds integer not null default 1 check (min_ready_seconds between 0 and 3600),
  -- Placement and run settings copied into every pod: selector, tolerations, affinity,
  -- resources, priority, priorityClass, env, args.
  template jsonb not null,
  paused boolean not null default false,
  -- Rollout bookkeeping: the last version that ran healthily (every pod up to date and
  -- available), a version rolled back from (not retried until the user updates again), the
  -- rollout in progress ({fromPackId, startedAt, rollback}) and the latest condition
  -- ({type, reason, message, at}).
  healthy_pack_id uuid references packs(id),
  failed_pack_id uuid references packs(id),
  rollout jsonb,
  condition jsonb not null default '{}',
  -- Bumped by every change of the desired state (scale, update, pause, resume, rollback, delete).
  generation integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  unique (namespace, name)
);
create index services_owner_idx on services(owner_id);

alter table services enable row level security;
