-- Priority classes: named pod priorities (0–1000). `stark pod create --priority-class NAME`
-- resolves the name to its value when the pod is created (the pod keeps the number, so later
-- changes to the class do not move running pods). Admins manage classes; every signed-in user
-- may read them. Authorization reads users.role through stark_is_admin(), never user metadata.

create table priority_classes (
  name text primary key check (name ~ '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' and length(name) <= 63),
  value integer not null check (value between 0 and 1000),
  description text check (description is null or length(description) <= 1024),
  created_at timestamptz not null default now()
);

alter table priority_classes enable row level security;

grant select, insert, update, delete on priority_classes to authenticated;
grant all on priority_classes to service_role;

create policy priority_classes_read on priority_classes for select to authenticated
  using (true);
create policy priority_classes_admin_write on priority_classes for all to authenticated
  using (public.stark_is_admin())
  with check (public.stark_is_admin());
