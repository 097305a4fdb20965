-- The change feed's trigger names the changed row's key without turning the whole row into jsonb
-- first (to_jsonb(new) copied every column, pod specs included, for each row written: a third of
-- the cost of binding 500 pods in one statement). Same channel, same payload.
create or replace function stark_notify_change() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  rec record;
  row_key text;
begin
  if tg_op = 'DELETE' then
    rec := old;
  else
    rec := new;
  end if;
  -- One statement per key column, each planned only when reached: a table has the column it names.
  if tg_argv[0] = 'id' then
    row_key := rec.id::text;
  elsif tg_argv[0] = 'name' then
    row_key := rec.name::text;
  elsif tg_argv[0] = 'key' then
    row_key := rec.key::text;
  elsif tg_argv[0] = 'node_id' then
    row_key := rec.node_id::text;
  else
    row_key := to_jsonb(rec) ->> tg_argv[0];
  end if;
  perform pg_notify(
    'stark_changes',
    json_build_object('t', tg_table_name, 'k', row_key, 'o', current_setting('application_name', true))::text
  );
  return null;
end
$$;
revoke all on function stark_notify_change() from public;
