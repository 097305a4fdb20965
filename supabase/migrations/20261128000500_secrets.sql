-- Secrets: named sets of values in a namespace, injected into the environment of the pods that
-- reference them, on the node that runs them only. Values are encrypted by the Stark server
-- (AES-256-GCM, key from STARK_SECRET_KEY or $STARK_HOME/secret.key; `key_id` names the key, a
-- sha256 prefix, so a server with another key refuses to start instead of failing later) and
-- bound to their namespace and name; only the key names are stored in the clear.
-- Row-level security is enabled with no policy and no grant: nobody but the server's own
-- connection reads this table, not even an admin through PostgREST.

create table secrets (
  id uuid primary key default gen_random_uuid(),
  namespace text not null references namespaces(name),
  name text not null check (name ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' and length(name) <= 63),
  owner_id uuid not null references users(id),
  keys jsonb not null default '[]',
  ciphertext bytea not null,
  key_id text not null,
  created_at timestamptz not null default now(),
  unique (namespace, name)
);
create index secrets_owner_idx on secrets(owner_id);

alter table secrets enable row level security;
revoke all on secrets from anon, authenticated;
grant all on secrets to service_role;
