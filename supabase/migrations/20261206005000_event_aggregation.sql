-- Events: a repeated event is one row with a count and the time it was last seen; audit events
-- (sign-ins, users, secrets, node tokens, nodes joining, cluster settings) have their own category,
-- their own retention, and are read by admins only.
alter table events add column count integer not null default 1 check (count >= 1);
alter table events add column last_seen timestamptz;
alter table events drop constraint if exists events_category_check;
alter table events add constraint events_category_check
  check (category in ('pod', 'node', 'service', 'pack', 'system', 'auth', 'scheduler', 'audit'));
create index events_audit_idx on events(id) where category = 'audit';
create index events_ordinary_idx on events(id) where category <> 'audit';

-- Direct reads (RLS): audit rows are for admins only, whoever owns or caused them.
create policy events_audit_admin_only on events as restrictive for select to authenticated
  using (category <> 'audit' or public.stark_is_admin());
