/**
 * CPU and memory samples of the last minutes (`GET /api/usage`) for the small charts, re-read at
 * most every `everyMs` (the server keeps one sample per heartbeat).
 */
import type { Schema } from '@stark/client'
import type { Api } from './api'

/** `[at (epoch ms), cpu (millicores), memory (MB)]`, oldest first. */
export type Sample = Schema<'Usage'>['nodes'][number]['samples'][number]

export interface UsageView {
  nodes: Map<string, Sample[]>
  pods: Map<string, Sample[]>
}

export const EMPTY_USAGE: UsageView = { nodes: new Map(), pods: new Map() }

export function createUsage(api: Pick<Api, 'rest'>, everyMs = 5000) {
  let view = EMPTY_USAGE
  let readAt = 0
  let key = ''
  return {
    get view() {
      return view
    },
    /** Re-reads when the last read is older than `everyMs` or the namespace changed; says whether it did. */
    async load(namespace: string | undefined, now = Date.now()): Promise<boolean> {
      const k = namespace ?? ''
      if (k === key && now - readAt < everyMs) return false
      key = k
      readAt = now
      const r = await api.rest.get('/api/usage', { query: { points: 30, ...(namespace ? { namespace } : {}) } })
      view = {
        nodes: new Map(r.nodes.map((n) => [n.id, n.samples])),
        pods: new Map(r.pods.map((p) => [p.id, p.samples])),
      }
      return true
    },
  }
}
export type Usage = ReturnType<typeof createUsage>
