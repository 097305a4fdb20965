-- Several servers on one database.
-- * stark_leader: one row; `term` grows by one each time a server takes the lead. Writes of the
--   scheduler and the controllers carry the term they were decided under and are refused once it
--   is no longer the current one (fencing: a deposed leader's late writes never land).
-- * stark_servers: every server running on this database, heartbeated by itself.
-- * stark_notify_change(): after a row of a cluster table changes, a notification on channel
--   `stark_changes` names the table, the row's key and the writing connection's application_name,
--   so the other servers read that row back into their memory.
-- Row-level security is enabled with no policy and no grant: only the servers' own connection
-- reads these tables.

create table stark_leader (
  id integer primary key default 1 check (id = 1),
  term bigint not null default 0 check (term >= 0),
  server_id text,
  acquired_at timestamptz
);
insert into stark_leader (id, term) values (1, 0);

create table stark_servers (
  id text primary key check (length(id) <= 100),
  url text not null check (length(url) <= 2000),
  version text not null check (length(version) <= 100),
  leader boolean not null default false,
  term bigint,
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);

alter table stark_leader enable row level security;
alter table stark_servers enable row level security;
revoke all on stark_leader, stark_servers from anon, authenticated;

create function stark_notify_change() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  row_key text;
begin
  if tg_op = 'DELETE' then
    row_key := to_jsonb(old) ->> tg_argv[0];
  else
    row_key := to_jsonb(new) ->> tg_argv[0];
  end if;
  perform pg_notify(
    'stark_changes',
    json_build_object('t', tg_table_name, 'k', row_key, 'o', current_setting('application_name', true))::text
  );
  return null;
end
$$;
revoke all on function stark_notify_change() from public;

create trigger pods_notify after insert or update or delete on pods
  for each row execute function stark_notify_change('id');
create trigger nodes_notify after insert or update or delete on nodes
  for each row execute function stark_notify_change('id');
create trigger services_notify after insert or update or delete on services
  for each row execute function stark_notify_change('id');
create trigger packs_notify after insert or update or delete on packs
  for each row execute function stark_notify_change('id');
create trigger namespaces_notify after insert or update or delete on namespaces
  for each row execute function stark_notify_change('name');
create trigger secrets_notify after insert or update or delete on secrets
  for each row execute function stark_notify_change('id');
create trigger priority_classes_notify after insert or update or delete on priority_classes
  for each row execute function stark_notify_change('name');
create trigger settings_notify after insert or update or delete on settings
  for each row execute function stark_notify_change('key');
create trigger users_notify after insert or update or delete on users
  for each row execute function stark_notify_change('id');
create trigger sessions_notify after insert or update or delete on sessions
  for each row execute function stark_notify_change('id');
create trigger node_tokens_notify after insert or update or delete on node_tokens
  for each row execute function stark_notify_change('node_id');
