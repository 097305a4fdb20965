-- The privileges a Supabase project gives by default, applied to a fresh database BEFORE Stark's
-- migrations so that the tests meet what a Supabase deployment meets: the API roles exist, may use
-- `public`, and get ALL on every table, sequence and function created there afterwards (for the
-- role that runs the migrations), besides PostgreSQL's own EXECUTE for PUBLIC on functions.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
