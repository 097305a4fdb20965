/**
 * Where a failover's time goes, read back from the server after the fact: when the dead node was
 * marked NotReady (or Offline / Left), and for the replacement pods when they were created,
 * scheduled and reported Running — each as ms after the fault (FAILOVER_TRACE=1).
 */
import { savedAccessToken, type StarkServer } from '../e2e/harness/stark'
import { percentile, round } from './lib'

interface EventView {
  type: string
  resourceName: string | null
  reason: string | null
  firstSeen: string
}
interface HistoryEntry {
  incarnation: number
  status: string
  at: string
}

export async function traceFailover(
  home: string,
  server: StarkServer,
  faultAt: number,
  victims: readonly string[],
): Promise<Record<string, unknown>> {
  const headers = { authorization: `Bearer ${savedAccessToken(home, server.url)}` }
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { headers })
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`)
    return (await res.json()) as T
  }
  const span = (xs: number[]) =>
    xs.length ? { first: round(Math.min(...xs)), p50: round(percentile(xs, 50)), last: round(Math.max(...xs)) } : null
  const since = new Date(faultAt - 1000).toISOString()
  const events = await get<{ items: EventView[] }>(`/api/events?resource=node&since=${encodeURIComponent(since)}&limit=500`)
  const nodeDown: Record<string, number> = {}
  for (const e of events.items) {
    if (!e.resourceName || !victims.includes(e.resourceName)) continue
    if (!['NodeNotReady', 'NodeOffline', 'NodeLeft', 'NodeDeleted'].includes(e.type)) continue
    const key = `${e.type}_ms`
    const at = Date.parse(e.firstSeen) - faultAt
    nodeDown[key] = round(Math.max(nodeDown[key] ?? -Infinity, at))
  }
  // Every pod event since the fault, by type and reason: first and last occurrence.
  const podEvents = await get<{ items: EventView[] }>(`/api/events?resource=pod&since=${encodeURIComponent(since)}&limit=1000`)
  const byType = new Map<string, number[]>()
  for (const e of podEvents.items) {
    const at = Date.parse(e.firstSeen) - faultAt
    if (at < 0) continue
    const key = `${e.type}${e.reason ? `/${e.reason}` : ''}`
    byType.set(key, [...(byType.get(key) ?? []), at])
  }
  const podEventSpans = Object.fromEntries([...byType].map(([k, xs]) => [k, { n: xs.length, ...span(xs) }]))
  const service = await get<{ pods: { name: string; status: string; nodeName: string | null; createdAt: string }[] }>(
    '/api/services/web',
  )
  const created: number[] = []
  const scheduled: number[] = []
  const running: number[] = []
  for (const p of service.pods) {
    if (p.status !== 'Running' || (p.nodeName && victims.includes(p.nodeName))) continue
    const history = await get<{ items: HistoryEntry[] }>(`/api/pods/${p.name}/history?namespace=default`)
    const last = history.items.at(-1)?.incarnation
    const run = history.items.filter((h) => h.incarnation === last)
    const first = run[0]
    if (!first || Date.parse(first.at) < faultAt - 50) continue // not a replacement
    created.push(Date.parse(first.at) - faultAt)
    const s = run.find((h) => h.status === 'Scheduled')
    const r = run.find((h) => h.status === 'Running')
    if (s) scheduled.push(Date.parse(s.at) - faultAt)
    if (r) running.push(Date.parse(r.at) - faultAt)
  }
  return {
    fault_at: faultAt,
    ...nodeDown,
    replaced: created.length,
    created_ms: span(created),
    scheduled_ms: span(scheduled),
    running_ms: span(running),
    pod_events: podEventSpans,
  }
}

/**
 * What the bench's own polls saw (FAILOVER_TRACE=1): when each replacement was first seen Running
 * (ms after the fault, when the answer arrived) and how far apart the answers came, so a gap between
 * the last Running in the pods' history and the end of the wait can be told apart from polling.
 */
export function watchPolls(faultAt: number) {
  const firstSeen = new Map<string, number>()
  const gaps: number[] = []
  let first = true
  let last: number | undefined
  return {
    /** Notes one poll's answer; returns how many pods it lists. */
    saw(pods: readonly { name: string }[]): number {
      const at = Date.now() - faultAt
      if (last !== undefined) gaps.push(at - last)
      last = at
      for (const p of pods) if (!firstSeen.has(p.name)) firstSeen.set(p.name, first ? -1 : at)
      first = false
      return pods.length
    },
    summary(): Record<string, unknown> {
      const seen = [...firstSeen.values()].filter((t) => t >= 0)
      const span = (xs: number[]) =>
        xs.length ? { first: round(Math.min(...xs)), p50: round(percentile(xs, 50)), last: round(Math.max(...xs)) } : null
      return { seen_running_ms: span(seen), poll_gap_ms: { n: gaps.length, ...span(gaps) } }
    },
  }
}
