/**
 * What pods use, as their nodes report it in heartbeats (`usage` in node:heartbeat): the latest
 * figure per pod, in memory only. A figure counts only for the run (incarnation) on the node that
 * reported it, while that run is Running and the figure is fresh.
 */
import type { Clock, Payload } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import { createUsageHistory, DEFAULT_USAGE_HISTORY, type UsageHistoryOptions } from './usage-history'

type Reported = NonNullable<Payload<'node:heartbeat'>['usage']>[number]

export interface PodUsage {
  /** CPU in millicores, averaged over the agent's last heartbeat interval. */
  cpu: number
  /** Memory in MB (MiB, as pod requests). */
  memory: number
  /** When the node reported it (epoch ms). */
  at: number
}

interface Entry extends PodUsage {
  nodeId: string
  incarnation: number
}

export interface UsageStoreOptions {
  /** A figure older than this is no longer shown (ms). */
  staleAfterMs: number
  /** The samples kept for the charts (usage-history.ts). */
  history?: UsageHistoryOptions
}

export function createUsageStore(state: ClusterState, clock: Clock, options: UsageStoreOptions = { staleAfterMs: 60_000 }) {
  const byPod = new Map<string, Entry>()
  /** The pods each node last reported figures for (so a report replaces them without walking every pod's). */
  const reportedBy = new Map<string, Set<string>>()
  const history = createUsageHistory(clock, options.history ?? DEFAULT_USAGE_HISTORY)

  function current(podId: string): Entry | undefined {
    const e = byPod.get(podId)
    if (!e) return undefined
    const pod = state.pods.get(podId)
    const valid =
      pod &&
      pod.status === 'Running' &&
      pod.nodeId === e.nodeId &&
      pod.incarnation === e.incarnation &&
      clock.now() - e.at <= options.staleAfterMs
    if (!valid) {
      byPod.delete(podId)
      return undefined
    }
    return e
  }

  return {
    /**
     * A heartbeat's usage report: replaces what this node said before. `own` is what the node
     * reported using itself beside its pods (a browser page's heap): it goes to the node's chart only.
     */
    record(nodeId: string, usage: readonly Reported[], own?: { memory: number }) {
      const now = clock.now()
      const reported = new Set<string>()
      const valid: Reported[] = []
      for (const u of usage) {
        const pod = state.pods.get(u.podId)
        if (!pod || pod.nodeId !== nodeId || pod.incarnation !== u.incarnation) continue
        reported.add(u.podId)
        valid.push(u)
        byPod.set(u.podId, { cpu: u.cpu, memory: u.memory, at: now, nodeId, incarnation: u.incarnation })
      }
      history.record(nodeId, valid, own)
      for (const podId of reportedBy.get(nodeId) ?? [])
        if (!reported.has(podId) && byPod.get(podId)?.nodeId === nodeId) byPod.delete(podId)
      if (reported.size > 0) reportedBy.set(nodeId, reported)
      else reportedBy.delete(nodeId)
    },
    /** A pod's latest usage, or null when there is no fresh figure for its current run. */
    pod(podId: string): PodUsage | null {
      const e = current(podId)
      return e ? { cpu: e.cpu, memory: e.memory, at: e.at } : null
    },
    /** What a node's running pods use together, or null when none reported anything. */
    node(nodeId: string): { cpu: number; memory: number; pods: number } | null {
      // Figures for a node's pods come only from its own reports: none, nothing to add up.
      if (!reportedBy.has(nodeId)) return null
      let cpu = 0
      let memory = 0
      let pods = 0
      let reported = false
      // Its Running pods are among those holding capacity on it.
      for (const pod of state.views.allocation(nodeId).pods.values()) {
        if (pod.status !== 'Running') continue
        pods++
        const e = current(pod.id)
        if (!e) continue
        reported = true
        cpu += e.cpu
        memory += e.memory
      }
      return reported ? { cpu, memory, pods } : null
    },
    /** The last minutes of samples per pod and per node (the dashboard's charts). */
    history,
    /** Every fresh figure (metrics). */
    all(): { podId: string; usage: PodUsage }[] {
      const out: { podId: string; usage: PodUsage }[] = []
      for (const podId of [...byPod.keys()]) {
        const e = current(podId)
        if (e) out.push({ podId, usage: { cpu: e.cpu, memory: e.memory, at: e.at } })
      }
      return out
    },
  }
}
export type UsageStore = ReturnType<typeof createUsageStore>
