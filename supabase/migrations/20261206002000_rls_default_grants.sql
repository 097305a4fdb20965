-- Row-level security under the privileges a Supabase project grants by default (`anon`,
-- `authenticated` and `service_role` get ALL on every new table, sequence and function in
-- `public`), checked by server/src/store/rls-default-grants.test.ts on PostgreSQL 15 and PGlite.
--
-- 1. Helpers pin search_path with pg_temp last and name their tables by schema. With
--    `search_path = public`, PostgreSQL still searches pg_temp FIRST for tables: a signed-in user
--    created a temporary `users` table with their own id as an admin, and stark_is_admin() (a
--    security definer) believed it.
-- 2. `authenticated` reads, and writes nothing. TRUNCATE ignores row-level security (a user
--    wiped pods and events); TRIGGER let a user plant a trigger (with a function in pg_temp)
--    that the Stark server's own connection then ran; INSERT/UPDATE/DELETE/TRUNCATE (and
--    MAINTAIN on PostgreSQL 17+) allow LOCK TABLE in every mode, which stalls the server;
--    sequence rights let a user setval() an identity so the server's next insert fails;
--    REFERENCES lets a table pin rows. The Stark API stays the only writer (admins included).
--    The same is revoked for tables, sequences and functions the migrating role creates later.
-- 3. `anon` executes nothing of ours and reads nothing.
-- 4. Reads go through stark_uid(): the caller's id only while that user exists and is enabled,
--    so a disabled (or deleted) user's still-valid token reads nothing, public packs included.
-- 5. A deleted user's namespaces are deleted with them (an owner of NULL means shared, so "set
--    null" handed them to everyone); a namespace that still holds anything blocks the deletion.
-- 6. Events follow their users: a user reads events about what they own, and what they did to
--    nothing anyone owns; never an event about another user's resource because they acted on it.

-- 1. Helpers -----------------------------------------------------------------------------------

create or replace function public.stark_uid() returns uuid
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select u.id from public.users u where u.id = auth.uid() and not u.disabled
$$;

create or replace function public.stark_is_admin() returns boolean
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select exists (select 1 from public.users u where u.id = auth.uid() and u.role = 'admin' and not u.disabled)
$$;

create or replace function public.stark_can_view_all() returns boolean
language sql stable security definer set search_path = pg_catalog, pg_temp as $$
  select exists (select 1 from public.users u where u.id = auth.uid() and u.role in ('admin', 'viewer') and not u.disabled)
$$;

-- The auth.* stand-ins, where this database's migrations created them (on Supabase they belong
-- to Supabase and are left alone).
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname in ('jwt', 'uid', 'role') and p.proowner = (select oid from pg_roles where rolname = current_user)
  loop
    execute format('alter function %s set search_path = pg_catalog, pg_temp', f);
  end loop;
end
$$;

-- 2 and 3. Privileges ---------------------------------------------------------------------------

do $$
declare
  writes text := 'insert, update, delete, truncate, references, trigger'
    || case when current_setting('server_version_num')::int >= 170000 then ', maintain' else '' end;
  f regprocedure;
begin
  execute format('revoke %s on all tables in schema public from public, anon, authenticated', writes);
  execute 'revoke all on all tables in schema public from anon';
  execute 'revoke all on all sequences in schema public from public, anon, authenticated';
  execute format('alter default privileges in schema public revoke %s on tables from public, anon, authenticated', writes);
  execute 'alter default privileges in schema public revoke all on tables from anon';
  execute 'alter default privileges in schema public revoke all on sequences from public, anon, authenticated';
  execute 'alter default privileges in schema public revoke execute on functions from anon';
  execute 'alter default privileges revoke execute on functions from public';
  execute 'alter default privileges in schema public grant execute on functions to authenticated, service_role';
  for f in
    select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'auth') and p.proowner = (select oid from pg_roles where rolname = current_user)
  loop
    execute format('revoke execute on function %s from public, anon', f);
    execute format('grant execute on function %s to authenticated, service_role', f);
  end loop;
  -- Nobody but the server creates objects in public (PostgreSQL 15 already withholds CREATE from
  -- PUBLIC; a platform may have granted it).
  begin
    execute 'revoke create on schema public from public, anon, authenticated';
  exception when insufficient_privilege then
    raise notice 'left CREATE on schema public as it was: % is not its owner', current_user;
  end;
end
$$;

revoke all on stark_migrations from public, anon, authenticated;

-- 4 and 6. Policies: every read through stark_uid(); no write policies (nothing to write with). --

drop policy if exists namespaces_write on namespaces;
drop policy if exists packs_write on packs;
drop policy if exists nodes_write on nodes;
drop policy if exists pods_write on pods;
drop policy if exists services_write on services;
drop policy if exists priority_classes_admin_write on priority_classes;
do $$
declare
  t text;
  v text;
begin
  foreach t in array array['packs', 'pods', 'nodes', 'namespaces', 'services'] loop
    foreach v in array array['insert', 'update', 'delete'] loop
      execute format('drop policy if exists %I on %I', t || '_admin_' || v, t);
    end loop;
  end loop;
end
$$;

drop policy users_self_read on users;
create policy users_self_read on users for select to authenticated
  using (id = (select public.stark_uid()) or (select public.stark_is_admin()));

drop policy namespaces_read on namespaces;
create policy namespaces_read on namespaces for select to authenticated
  using ((owner_id is null and (select public.stark_uid()) is not null) or owner_id = (select public.stark_uid()) or (select public.stark_is_admin()));

drop policy packs_read on packs;
create policy packs_read on packs for select to authenticated
  using (((visibility = 'public' and (select public.stark_uid()) is not null) or owner_id = (select public.stark_uid())) or (select public.stark_is_admin()));

drop policy bundles_read on bundles;
create policy bundles_read on bundles for select to authenticated
  using (exists (select 1 from packs p where p.bundle_sha256 = bundles.sha256));

drop policy nodes_read on nodes;
create policy nodes_read on nodes for select to authenticated
  using (owner_id = (select public.stark_uid()) or (select public.stark_is_admin()));

drop policy pods_read on pods;
create policy pods_read on pods for select to authenticated
  using (owner_id = (select public.stark_uid()) or (select public.stark_is_admin()));

drop policy services_read on services;
create policy services_read on services for select to authenticated
  using (owner_id = (select public.stark_uid()) or (select public.stark_is_admin()));

drop policy pod_history_read on pod_history;
create policy pod_history_read on pod_history for select to authenticated
  using (exists (select 1 from pods p where p.id = pod_history.pod_id));

drop policy pod_logs_read on pod_logs;
create policy pod_logs_read on pod_logs for select to authenticated
  using (exists (select 1 from pods p where p.id = pod_logs.pod_id));

drop policy events_read on events;
create policy events_read on events for select to authenticated
  using (owner_id = (select public.stark_uid()) or (owner_id is null and actor_id = (select public.stark_uid())) or (select public.stark_is_admin()));

drop policy priority_classes_read on priority_classes;
create policy priority_classes_read on priority_classes for select to authenticated
  using ((select public.stark_uid()) is not null);

-- 5. A deleted user's namespaces go with them. -------------------------------------------------

alter table namespaces drop constraint namespaces_owner_id_fkey;
alter table namespaces add constraint namespaces_owner_id_fkey foreign key (owner_id) references users(id) on delete cascade;
