-- Row-level security policies, Supabase style: `authenticated` sees its own rows and public
-- packs; admins (by the server-controlled users.role column, never by user-editable metadata)
-- see everything. `service_role` bypasses RLS (the Stark server connects as the database owner).
-- settings and sessions get no policy at all: nobody but the server reads them.

create or replace function public.stark_is_admin() returns boolean
language sql stable security definer set search_path = public as $$
  select exists (select 1 from users where id = auth.uid() and role = 'admin' and not disabled)
$$;
revoke all on function public.stark_is_admin() from public;
grant execute on function public.stark_is_admin() to authenticated, service_role;

grant select on users, namespaces, bundles, packs, nodes, pods, pod_history, pod_logs, events to authenticated;
grant insert, update, delete on packs, pods, nodes, namespaces to authenticated;
grant all on all tables in schema public to service_role;

create policy users_self_read on users for select to authenticated
  using (id = auth.uid() or public.stark_is_admin());

create policy namespaces_read on namespaces for select to authenticated
  using (owner_id is null or owner_id = auth.uid() or public.stark_is_admin());
create policy namespaces_write on namespaces for all to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin())
  with check (owner_id = auth.uid() or public.stark_is_admin());

create policy packs_read on packs for select to authenticated
  using (visibility = 'public' or owner_id = auth.uid() or public.stark_is_admin());
create policy packs_write on packs for all to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin())
  with check ((owner_id = auth.uid() and namespace <> 'system') or public.stark_is_admin());

create policy bundles_read on bundles for select to authenticated
  using (exists (
    select 1 from packs p where p.bundle_sha256 = bundles.sha256
      and (p.visibility = 'public' or p.owner_id = auth.uid() or public.stark_is_admin())
  ));

create policy nodes_read on nodes for select to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin());
create policy nodes_write on nodes for all to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin())
  with check ((owner_id = auth.uid() and trusted = false) or public.stark_is_admin());

create policy pods_read on pods for select to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin());
create policy pods_write on pods for all to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin())
  with check (owner_id = auth.uid() or public.stark_is_admin());

create policy pod_history_read on pod_history for select to authenticated
  using (exists (select 1 from pods p where p.id = pod_history.pod_id and (p.owner_id = auth.uid() or public.stark_is_admin())));

create policy pod_logs_read on pod_logs for select to authenticated
  using (exists (select 1 from pods p where p.id = pod_logs.pod_id and (p.owner_id = auth.uid() or public.stark_is_admin())));

create policy events_read on events for select to authenticated
  using (owner_id = auth.uid() or actor_id = auth.uid() or public.stark_is_admin());
