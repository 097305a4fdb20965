-- Node token generations. A node token names its node and a generation; only a token of the
-- node's current generation is accepted. Rotating a node's token, or disabling its owner, moves
-- the generation on, so every earlier token of that node stops working at once. A node without a
-- row is at generation 0 (tokens issued before this table existed carry none and count as 0).
create table node_tokens (
  node_id uuid primary key references nodes(id) on delete cascade,
  generation integer not null default 0,
  rotated_at timestamptz not null default now()
);

-- Only the server reads or writes it: no policy, and no rights for the API roles.
alter table node_tokens enable row level security;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'anon') then
    execute 'revoke all on node_tokens from anon';
  end if;
  if exists (select 1 from pg_roles where rolname = 'authenticated') then
    execute 'revoke all on node_tokens from authenticated';
  end if;
end
$$;
