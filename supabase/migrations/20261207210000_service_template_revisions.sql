-- A service's pod template (env, args, resources, placement, priority) changes in place by a
-- rolling update, as its pack version does. Each template has a hash that the pods made from it
-- carry (`spec.service.templateHash`); a pod is up to date when its pack version and its template
-- hash are the service's. Services created before this have the hash '' and so do their pods (they
-- carry none): they stay up to date, with no restart after the upgrade, until the template changes.
alter table services add column if not exists template_hash text not null default '';
-- The template of the last healthy revision (with healthy_pack_id): what an automatic rollback restores.
alter table services add column if not exists healthy_template_hash text;
alter table services add column if not exists healthy_template jsonb;
update services set healthy_template_hash = '', healthy_template = template
  where healthy_pack_id is not null and healthy_template is null;

-- Each revision is a pack version and a template; the earlier rows ran the service's one template.
alter table service_revisions add column if not exists template_hash text not null default '';
alter table service_revisions add column if not exists template jsonb;
update service_revisions r set template = s.template from services s where s.id = r.service_id and r.template is null;

-- Failures are counted for one revision: a new template starts the count again.
alter table rollout_failures add column if not exists template_hash text not null default '';
