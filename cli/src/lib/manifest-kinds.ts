/**
 * Applying the cluster-level and supporting kinds: namespaces (quota changes in place),
 * priority classes (their value never changes, as in Kubernetes), secrets (replaced through
 * `PUT /api/secrets/{name}`, which says whether the values changed) and packs (a registered
 * version is immutable: the same bundle bytes are unchanged, other bytes are refused).
 */
import { call } from './client'
import { changesOf } from './manifest-compare'
import { type KindHandler, namespaceOf, orMissing, type Plan } from './manifest-plan'
import type { ManifestObject } from './manifest-schema'

type Of<K extends ManifestObject['kind']> = Extract<ManifestObject, { kind: K }>

export const namespaceHandler: KindHandler<Of<'Namespace'>> = {
  async plan({ client }, o): Promise<Plan> {
    const name = o.metadata.name
    const live = await orMissing(call(client.api.namespaces[':name'].$get({ param: { name } })))
    if (!live)
      return {
        action: 'create',
        run: async () => (
          await call(client.api.namespaces.$post({ json: { name, ...(o.quota ? { quota: o.quota } : {}) } })), 'created'
        ),
      }
    const changes = changesOf([['/quota', live.quota, o.quota, 'covers']])
    if (changes.length === 0) return { action: 'unchanged' }
    return {
      action: 'configure',
      changes,
      run: async () => {
        await call(client.api.namespaces[':name'].$patch({ param: { name }, json: { quota: { ...live.quota, ...o.quota } } }))
        return 'configured'
      },
    }
  },
  async remove({ client }, o) {
    const name = o.metadata.name
    return (await orMissing(call(client.api.namespaces[':name'].$delete({ param: { name } })))) ? 'deleted' : 'not found'
  },
}

export const priorityClassHandler: KindHandler<Of<'PriorityClass'>> = {
  async plan({ client }, o): Promise<Plan> {
    const name = o.metadata.name
    const live = await orMissing(call(client.api.priorityclasses[':name'].$get({ param: { name } })))
    if (!live) {
      const json = { name, value: o.value, ...(o.description !== undefined ? { description: o.description } : {}) }
      return { action: 'create', run: async () => (await call(client.api.priorityclasses.$post({ json })), 'created') }
    }
    const changes = changesOf([
      ['/value', live.value, o.value],
      ['/description', live.description, o.description],
    ])
    if (changes.length === 0) return { action: 'unchanged' }
    return {
      action: 'refuse',
      changes,
      reason: 'a priority class never changes: delete it (stark priorityclass delete) and apply again',
    }
  },
  async remove({ client }, o) {
    const name = o.metadata.name
    return (await orMissing(call(client.api.priorityclasses[':name'].$delete({ param: { name } })))) ? 'deleted' : 'not found'
  },
}

export const secretHandler: KindHandler<Of<'Secret'>> = {
  async plan(ctx, o, loaded): Promise<Plan> {
    const { client } = ctx
    const ref = { param: { name: o.metadata.name }, query: { namespace: namespaceOf(ctx, o) } }
    const data = loaded.secretData ?? {}
    const live = await orMissing(call(client.api.secrets[':name'].$get(ref)))
    if (!live)
      return {
        action: 'create',
        run: async () => (
          await call(client.api.secrets.$post({ json: { name: o.metadata.name, namespace: namespaceOf(ctx, o), data } })),
          'created'
        ),
      }
    const keys = Object.keys(data).sort()
    return {
      action: 'configure',
      changes: changesOf([['/keys', [...live.keys].sort(), keys]]),
      uncertain: 'values are never shown, so not compared here: apply replaces them if they differ',
      run: async () =>
        (await call(client.api.secrets[':name'].$put({ ...ref, json: { data } }))).changed ? 'configured' : 'unchanged',
    }
  },
  async remove(ctx, o) {
    const ref = { param: { name: o.metadata.name }, query: { namespace: namespaceOf(ctx, o) } }
    return (await orMissing(call(ctx.client.api.secrets[':name'].$delete(ref)))) ? 'deleted' : 'not found'
  },
}

export const packHandler: KindHandler<Of<'Pack'>> = {
  async plan(ctx, o, loaded): Promise<Plan> {
    const { client } = ctx
    const name = o.metadata.name
    const namespace = namespaceOf(ctx, o)
    const bundle = loaded.bundle ?? { code: '', sha256: '' }
    const versions = await orMissing(call(client.api.packs[':name'].versions.$get({ param: { name }, query: { namespace } })))
    const live = versions?.items.find((p) => p.version === o.version)
    if (!live) {
      const json = {
        name,
        version: o.version,
        namespace,
        bundle: bundle.code,
        ...(o.runtime ? { runtime: o.runtime } : {}),
        ...(o.visibility ? { visibility: o.visibility } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
      }
      return { action: 'create', run: async () => (await call(client.api.packs.$post({ json })), 'created') }
    }
    const changes = changesOf([
      ['/bundle (sha256)', live.sha256, bundle.sha256],
      ['/runtime', live.runtime, o.runtime],
      ['/visibility', live.visibility, o.visibility],
      ['/description', live.description, o.description],
    ])
    if (changes.length === 0) return { action: 'unchanged' }
    return {
      action: 'refuse',
      changes,
      reason: `pack ${namespace}/${name}@${o.version} is registered and a registered version never changes: give this one a new version`,
    }
  },
  async remove() {
    return 'kept: a registered pack version is deleted only with its namespace (services and pods may still run it)'
  },
}
