import type { PodAssignment } from '../protocol/messages'
import type { PodExit, PodRun } from './runtime'

export type LocalPodStatus = 'Starting' | 'Running' | 'Stopping' | 'Succeeded' | 'Failed' | 'Stopped'

/** One run of a pod as this node sees it. */
export interface LocalPod {
  assignment: PodAssignment
  status: LocalPodStatus
  run?: PodRun
  exit?: PodExit
  /** A stop was asked for (by the server or by shutdown): the run ends as Stopped. */
  stopRequested: boolean
  /** Why the stop was asked for; becomes the reported reason. */
  stopReason?: string
  /** When the terminal status reached the server (or would have): drives pruning. */
  reportedAt?: number
  startedAt: number
}

export const isLocalTerminal = (s: LocalPodStatus) => s === 'Succeeded' || s === 'Failed' || s === 'Stopped'

/** What the protocol carries for a local pod (`Starting` and `Stopping` still count as Running). */
export function reportedStatus(p: LocalPod): 'Running' | 'Succeeded' | 'Failed' | 'Stopped' {
  return isLocalTerminal(p.status) ? (p.status as 'Succeeded' | 'Failed' | 'Stopped') : 'Running'
}

/** The pods as `node:register` and `node:heartbeat` carry them. */
export function podReport(pods: Iterable<LocalPod>) {
  return [...pods].map((p) => ({
    podId: p.assignment.podId,
    incarnation: p.assignment.incarnation,
    status: reportedStatus(p),
  }))
}

/** Resource use of the running pods, for heartbeats (runtimes that cannot measure report nothing). */
export function podUsage(pods: Iterable<LocalPod>) {
  return [...pods].flatMap((p) => {
    const u = p.status === 'Running' ? p.run?.usage?.() : undefined
    if (!u || !(u.cpu >= 0 && u.memory >= 0 && Number.isFinite(u.cpu + u.memory))) return []
    return [{ podId: p.assignment.podId, incarnation: p.assignment.incarnation, cpu: u.cpu, memory: u.memory }]
  })
}
