/**
 * Applying services and pods. A service's pack version, pod template (env, args, resources,
 * placement, priority), strategy and follow-latest change in place (`PATCH`: a new version or
 * template rolls its pods out), its replicas by scaling, its labels in place too (its pods
 * follow, nothing restarts). A DaemonSet's template and a service's mode do not change in place: such a change is
 * refused with the way out. A pod never changes once created.
 */
import type { Schema } from '@stark/client'
import { formatPackRef, parsePackRef } from '@stark/shared'
import { call } from './client'
import { changesOf, type FieldChange } from './manifest-compare'
import { type KindHandler, type ManifestContext, namespaceOf, orMissing, type Plan } from './manifest-plan'
import type { ManifestObject } from './manifest-schema'

type Of<K extends ManifestObject['kind']> = Extract<ManifestObject, { kind: K }>
type Template = Pick<
  Of<'Service'>,
  'selector' | 'tolerations' | 'resources' | 'priority' | 'priorityClass' | 'affinity' | 'env' | 'args'
>
/** What a live service's template and a live pod are compared on, as the API documents them. */
type LiveTemplate = Pick<
  Schema<'Service'>['template'],
  'selector' | 'tolerations' | 'affinity' | 'resources' | 'priority' | 'priorityClass' | 'env' | 'args'
>

/**
 * The pack a service or pod is described with, as its own namespace reads it: `name@version`,
 * `ns/name@version` for another namespace's, or without a version (any version will do).
 */
function wantedPack(o: { pack: string; version?: string | undefined }, home: string) {
  const ref = parsePackRef(o.pack)
  const version = o.version ?? ref.version
  const pack = { namespace: ref.namespace ?? home, name: ref.name, version }
  return { ...pack, ref: formatPackRef(pack, home) }
}

type LivePack = Schema<'Service'>['pack']

function packChange(o: { pack: string; version?: string | undefined }, live: LivePack, home: string): FieldChange[] {
  const want = wantedPack(o, home)
  const differs =
    want.namespace !== live.namespace || want.name !== live.name || (want.version !== undefined && want.version !== live.version)
  return differs ? [{ path: '/pack', from: formatPackRef(live, home), to: want.ref }] : []
}

function templateChanges(o: Template, live: LiveTemplate): FieldChange[] {
  return changesOf([
    ['/selector', live.selector, o.selector],
    ['/tolerations', live.tolerations, o.tolerations, 'covers'],
    ['/affinity', live.affinity, o.affinity, 'covers'],
    ['/resources', live.resources, o.resources, 'covers'],
    ['/priority', live.priority, o.priority],
    ['/priorityClass', live.priorityClass, o.priorityClass],
    ['/env', live.env, o.env],
    ['/args', live.args, o.args],
  ])
}

/** The template fields of a PATCH: those that changed, as the file gives them (a class in place of a priority). */
function templatePatch(o: Template, changes: readonly FieldChange[]) {
  const changed = new Set(changes.map((c) => c.path.slice(1)))
  const out: Partial<Template> = {}
  for (const k of ['selector', 'tolerations', 'resources', 'affinity', 'env', 'args'] as const)
    if (changed.has(k)) Object.assign(out, { [k]: o[k] })
  // The server takes one of them: a class, when the file gives one, sets the priority too.
  if (changed.has('priorityClass') || (changed.has('priority') && o.priorityClass !== undefined))
    out.priorityClass = o.priorityClass
  else if (changed.has('priority')) out.priority = o.priority
  return out
}

/** The create body of a described object: its fields with name and namespace in place of metadata. */
function body<O extends { kind: string; metadata: { name: string; namespace?: string | undefined } }>(
  ctx: ManifestContext,
  o: O,
) {
  const { kind: _kind, metadata, ...rest } = o
  return { ...rest, name: metadata.name, namespace: namespaceOf(ctx, o) }
}

export const serviceHandler: KindHandler<Of<'Service'>> = {
  async plan(ctx, o): Promise<Plan> {
    const { client } = ctx
    const ref = { param: { ref: o.metadata.name }, query: { namespace: namespaceOf(ctx, o) } }
    const live = await orMissing(call(client.api.services[':ref'].$get(ref)))
    if (!live)
      return { action: 'create', run: async () => (await call(client.api.services.$post({ json: body(ctx, o) })), 'created') }
    if (live.deleting)
      return { action: 'refuse', changes: [], reason: `service ${live.name} is being deleted: apply again once it is gone` }
    const template = templateChanges(o, live.template)
    const daemonset = live.mode === 'daemonset'
    const fixed = [...changesOf([['/daemonset', daemonset, o.daemonset]]), ...(daemonset ? template : [])]
    if (fixed.length > 0)
      return {
        action: 'refuse',
        changes: fixed,
        reason: `a service's mode and a DaemonSet's pod template cannot change in place: delete it (stark delete -f FILE, or stark service delete ${live.name}) and apply again`,
      }
    const patchChanges = [
      ...packChange(o, live.pack, live.namespace),
      ...template,
      ...changesOf([
        ['/labels', live.labels, o.labels],
        ['/followLatest', live.followLatest, o.followLatest],
        ['/maxSurge', live.strategy.maxSurge, o.maxSurge],
        ['/maxUnavailable', live.strategy.maxUnavailable, o.maxUnavailable],
        ['/minReadySeconds', live.strategy.minReadySeconds, o.minReadySeconds],
      ]),
    ]
    const scaleChanges = live.mode === 'daemonset' ? [] : changesOf([['/replicas', live.replicas, o.replicas]])
    const changes = [...patchChanges, ...scaleChanges]
    if (changes.length === 0) return { action: 'unchanged' }
    return {
      action: 'configure',
      changes,
      run: async () => {
        if (patchChanges.length > 0) {
          const json = {
            ...(patchChanges.some((c) => c.path === '/pack') ? { pack: wantedPack(o, live.namespace).ref } : {}),
            ...(patchChanges.some((c) => c.path === '/labels') ? { labels: o.labels } : {}),
            ...(o.followLatest !== undefined ? { followLatest: o.followLatest } : {}),
            ...(o.maxSurge !== undefined ? { maxSurge: o.maxSurge } : {}),
            ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}),
            ...(o.minReadySeconds !== undefined ? { minReadySeconds: o.minReadySeconds } : {}),
            ...templatePatch(o, template),
          }
          await call(client.api.services[':ref'].$patch({ ...ref, json }))
        }
        if (scaleChanges.length > 0 && o.replicas !== undefined)
          await call(client.api.services[':ref'].scale.$post({ ...ref, json: { replicas: o.replicas } }))
        return 'configured'
      },
    }
  },
  async remove(ctx, o) {
    const ref = { param: { ref: o.metadata.name }, query: { namespace: namespaceOf(ctx, o) } }
    return (await orMissing(call(ctx.client.api.services[':ref'].$delete(ref)))) ? 'deleted' : 'not found'
  },
}

export const podHandler: KindHandler<Of<'Pod'>> = {
  async plan(ctx, o): Promise<Plan> {
    const { client } = ctx
    const ref = { param: { ref: o.metadata.name }, query: { namespace: namespaceOf(ctx, o) } }
    const live = await orMissing(call(client.api.pods[':ref'].$get(ref)))
    if (!live)
      return { action: 'create', run: async () => (await call(client.api.pods.$post({ json: body(ctx, o) })), 'created') }
    if (live.deletedAt)
      return { action: 'refuse', changes: [], reason: `pod ${live.name} is being deleted: apply again once it is gone` }
    const changes = [
      ...packChange(o, live.pack, live.namespace),
      ...templateChanges(o, { ...live, priorityClass: live.priorityClass }),
      ...changesOf([
        ['/labels', live.labels, o.labels],
        ['/restartPolicy', live.restartPolicy, o.restartPolicy],
        ['/secrets', live.secrets ?? [], o.secrets],
      ]),
    ]
    if (changes.length === 0) return { action: 'unchanged' }
    return {
      action: 'refuse',
      changes,
      reason: `a pod never changes once created: delete it (stark pod delete ${live.name}) and apply again, or give it a new name`,
    }
  },
  async remove(ctx, o) {
    const ref = { param: { ref: o.metadata.name }, query: { namespace: namespaceOf(ctx, o) } }
    return (await orMissing(call(ctx.client.api.pods[':ref'].$delete(ref)))) ? 'deleted' : 'not found'
  },
}
