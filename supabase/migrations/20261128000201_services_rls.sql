-- Row-level security for services, as for pods: `authenticated` reads and writes the services it
-- owns, admins (users.role through stark_is_admin(), never user-editable metadata) all of them.
-- `service_role` bypasses RLS (the Stark server connects as the database owner).

grant select, insert, update, delete on services to authenticated;
grant all on services to service_role;

create policy services_read on services for select to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin());
create policy services_write on services for all to authenticated
  using (owner_id = auth.uid() or public.stark_is_admin())
  with check (owner_id = auth.uid() or public.stark_is_admin());
