/**
 * `stark completion names KIND`: the names the completion script offers for a positional argument,
 * one per line, read from the server within a short timeout. Completion must never get in the way:
 * when the server is slow, unreachable or refuses, it prints nothing and succeeds.
 */
import { formatPackRef } from '@stark/shared'
import { call, connect } from './client'
import { type GlobalFlags, resolveSettings } from './config'
import { contextFrom } from './context'
import type { ResourceKind } from './completion'
import { messageOutput, type Output } from './output'

export async function completionNames(data: unknown, flags: GlobalFlags, kind: ResourceKind, timeoutMs: number): Promise<Output> {
  const ctx = contextFrom(data)
  const settings = resolveSettings(ctx, flags)
  const fetch: typeof globalThis.fetch = (input, init) => ctx.fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  const { client } = connect({ ...ctx, fetch }, settings, { auth: 'optional' })
  const namespace = settings.namespace
  const names = await (async (): Promise<string[]> => {
    switch (kind) {
      case 'pods':
        return (await call(client.api.pods.$get({ query: { limit: 1000, namespace } }))).items.map((p) => p.name)
      case 'services':
        return (await call(client.api.services.$get({ query: { limit: 1000, namespace } }))).items.map((s) => s.name)
      case 'nodes':
        return (await call(client.api.nodes.$get({ query: { limit: 1000 } }))).items.map((n) => n.name)
      case 'packs':
        // Those of the current namespace by name, the public ones (and yours) of others as ns/name.
        return (await call(client.api.packs.$get({ query: { limit: 1000 } }))).items.map((p) =>
          formatPackRef({ namespace: p.namespace, name: p.name }, namespace || 'default'),
        )
      case 'namespaces':
        return (await call(client.api.namespaces.$get())).items.map((n) => n.name)
    }
  })().catch(() => [])
  const unique = [...new Set(names)].sort()
  return messageOutput(unique.join('\n'), unique)
}
