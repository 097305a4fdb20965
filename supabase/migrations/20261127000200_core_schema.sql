-- The core tables: users and sessions, cluster settings, namespaces, packs and their bundles,
-- nodes, pods with their history and logs, and events. Row-level security is enabled on every
-- table here; the policies that open rows to `authenticated` are in the next migration.
-- Timestamps are timestamptz; identifiers are uuids from gen_random_uuid() (PG 13+, PGlite).

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and length(email) between 3 and 254),
  password_hash text not null,
  role text not null check (role in ('admin', 'user', 'node', 'viewer')),
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  refresh_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on sessions(user_id);

create table namespaces (
  name text primary key check (name ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' and length(name) <= 63),
  owner_id uuid references users(id) on delete set null,
  quota jsonb not null default '{}',
  created_at timestamptz not null default now()
);
insert into namespaces (name) values ('default'), ('system');

create table bundles (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  size integer not null,
  created_at timestamptz not null default now()
);

create table packs (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  version text not null,
  owner_id uuid not null references users(id),
  namespace text not null references namespaces(name),
  runtime text not null check (runtime in ('node', 'browser', 'universal')),
  visibility text not null check (visibility in ('private', 'public')),
  bundle_sha256 text not null references bundles(sha256),
  size integer not null,
  description text,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  unique (name, version)
);
create index packs_owner_idx on packs(owner_id);

create table nodes (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  runtime text not null check (runtime in ('node', 'browser')),
  owner_id uuid references users(id) on delete set null,
  status text not null check (status in ('Ready', 'NotReady', 'Offline')),
  labels jsonb not null default '{}',
  taints jsonb not null default '[]',
  allocatable jsonb not null,
  unschedulable boolean not null default false,
  trusted boolean not null default false,
  agent_version text,
  last_heartbeat_at timestamptz,
  connected_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table pods (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  namespace text not null references namespaces(name),
  owner_id uuid not null references users(id),
  pack_id uuid not null references packs(id),
  status text not null check (status in ('Pending', 'Scheduled', 'Running', 'Stopping', 'Stopped', 'Succeeded', 'Failed')),
  reason text,
  message text,
  node_id uuid references nodes(id) on delete set null,
  incarnation integer not null default 0,
  restarts integer not null default 0,
  priority integer not null default 0,
  spec jsonb not null,
  exit_code integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  scheduled_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  deleted_at timestamptz,
  unique (namespace, name)
);
create index pods_node_idx on pods(node_id);
create index pods_owner_idx on pods(owner_id);

create table pod_history (
  id bigint generated always as identity primary key,
  pod_id uuid not null references pods(id) on delete cascade,
  incarnation integer not null,
  status text not null,
  reason text,
  message text,
  node_id uuid,
  at timestamptz not null default now()
);
create index pod_history_pod_idx on pod_history(pod_id, id);

create table pod_logs (
  id bigint generated always as identity primary key,
  pod_id uuid not null references pods(id) on delete cascade,
  incarnation integer not null,
  ts timestamptz not null,
  stream text not null check (stream in ('stdout', 'stderr')),
  line text not null
);
create index pod_logs_pod_idx on pod_logs(pod_id, id);

create table events (
  id bigint generated always as identity primary key,
  type text not null,
  category text not null check (category in ('pod', 'node', 'service', 'pack', 'system', 'auth', 'scheduler')),
  severity text not null check (severity in ('info', 'warning', 'error')),
  resource_type text,
  resource_id text,
  resource_name text,
  namespace text,
  owner_id uuid,
  previous_state text,
  new_state text,
  reason text,
  message text,
  correlation_id text,
  actor_id uuid,
  created_at timestamptz not null default now()
);
create index events_created_idx on events(created_at);
create index events_resource_idx on events(resource_type, resource_id);

alter table settings enable row level security;
alter table users enable row level security;
alter table sessions enable row level security;
alter table namespaces enable row level security;
alter table bundles enable row level security;
alter table packs enable row level security;
alter table nodes enable row level security;
alter table pods enable row level security;
alter table pod_history enable row level security;
alter table pod_logs enable row level security;
alter table events enable row level security;
