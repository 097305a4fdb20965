-- Row-level security, hardened (found by server/src/store/rls.test.ts, which runs queries as
-- `authenticated` with a user's claims on PostgreSQL and PGlite).
--
-- 1. users: `authenticated` read whole rows of `users`, password hashes included (a user their own,
--    admins everyone's). Now only the profile columns are granted.
-- 2. Writes: a user could write their own rows straight into packs, pods, nodes, namespaces and
--    services — a pod in a namespace or on a node that is not theirs, a pack pointing at someone
--    else's private bundle made public, a namespace with any quota — around the scheduler, quotas,
--    trust rules and bundle checks, and unseen by a server that holds the working set in memory.
--    The Stark server (owner / service_role) stays the only writer; only admins (users.role, via
--    stark_is_admin()) may still write directly. Restrictive policies, so the existing permissive
--    ones keep deciding which rows an admin's write may touch.
-- 3. viewer: the read-only role reads what the REST API shows it — pods, their history and logs,
--    nodes, namespaces, services and events — but never other users' private packs or users.
-- 4. Sensitive tables (users, sessions, settings): no direct writes for anon or authenticated, even
--    where a platform's default privileges granted them (Supabase grants all on new tables).
-- Authorization reads the server-controlled users.role only, never user-editable metadata.

revoke select on users from authenticated;
grant select (id, email, role, disabled, created_at, updated_at) on users to authenticated;
revoke insert, update, delete, truncate on users, sessions, settings from anon, authenticated;
revoke select on sessions, settings from anon, authenticated;
revoke all on users, sessions, settings, namespaces, bundles, packs, nodes, pods, pod_history, pod_logs, events, services, priority_classes from anon;

create or replace function public.stark_can_view_all() returns boolean
language sql stable security definer set search_path = public as $$
  select exists (select 1 from users where id = auth.uid() and role in ('admin', 'viewer') and not disabled)
$$;
revoke all on function public.stark_can_view_all() from public;
grant execute on function public.stark_can_view_all() to authenticated, service_role;

do $$
declare
  t text;
begin
  foreach t in array array['packs', 'pods', 'nodes', 'namespaces', 'services'] loop
    execute format('create policy %I on %I as restrictive for insert to authenticated with check (public.stark_is_admin())', t || '_admin_insert', t);
    execute format('create policy %I on %I as restrictive for update to authenticated using (public.stark_is_admin()) with check (public.stark_is_admin())', t || '_admin_update', t);
    execute format('create policy %I on %I as restrictive for delete to authenticated using (public.stark_is_admin())', t || '_admin_delete', t);
  end loop;
  foreach t in array array['pods', 'nodes', 'namespaces', 'services', 'events'] loop
    execute format('create policy %I on %I for select to authenticated using (public.stark_can_view_all())', t || '_viewer_read', t);
  end loop;
end
$$;

create policy pod_history_viewer_read on pod_history for select to authenticated
  using (public.stark_can_view_all());
create policy pod_logs_viewer_read on pod_logs for select to authenticated
  using (public.stark_can_view_all());
