/**
 * What a pod's restart policy says about a run that ended, and sending a pod back to the
 * scheduler inside a write. The restart controller (controllers/pod-restarts.ts) applies them
 * with back-off; a node that goes away (node-health, node-removal) uses `requeueLostInTx` to
 * send its pods back in the very write that ends their runs — their loss is no crash of theirs,
 * so it waits for no back-off and costs no second write.
 */
import { isTerminal } from '@stark/shared'
import type { Tx } from '../state/write-queue'
import type { PodRecord } from '../store/records'
import { requeue } from './transitions'

/** What ended the pod's last run (read back from the back-off message once that replaced it). */
export function lastExit(p: PodRecord): string {
  const marker = 'last exit: '
  if (p.reason === 'CrashLoopBackOff' && p.message?.includes(marker))
    return p.message.slice(p.message.indexOf(marker) + marker.length)
  return `${p.reason ?? p.status}${p.message ? `: ${p.message}` : ''}${p.exitCode !== null ? ` (exit code ${p.exitCode})` : ''}`
}

/** Pure: whether the pod's last run ended in a NoExecute eviction (also once back-off is marked). */
export function wasEvicted(p: PodRecord): boolean {
  return (
    p.status === 'Failed' && (p.reason === 'Evicted' || (p.reason === 'CrashLoopBackOff' && lastExit(p).startsWith('Evicted')))
  )
}

/** Pure: whether a finished pod's restart policy wants it run again (an evicted bare pod: never). */
export function wantsRestart(p: PodRecord): boolean {
  if (p.deletedAt !== null || !isTerminal(p.status)) return false
  if (wasEvicted(p)) return p.spec.service !== undefined
  if (p.spec.restartPolicy === 'Always') return true
  return p.spec.restartPolicy === 'OnFailure' && p.status === 'Failed'
}

/** Why a run ends when its node goes away: lost (silent, closed), left on purpose, deleted. */
export const NODE_GONE_REASONS: ReadonlySet<string> = new Set(['NodeLost', 'NodeLeft', 'NodeDeleted'])

/** Pure: whether the pod's last run ended because its node went away (not a crash of its own). */
export function lostWithNode(p: PodRecord): boolean {
  if (p.status !== 'Failed') return false
  const reason = p.reason === 'CrashLoopBackOff' ? /^\w+/.exec(lastExit(p))?.[0] : p.reason
  return NODE_GONE_REASONS.has(reason ?? '')
}

/** In a write: the pod, whose run has ended, goes back to Pending as its next restart. */
export function requeueInTx(tx: Tx, p: PodRecord, why: string): PodRecord {
  const message = `${why}; back to the scheduler (restart ${p.restarts + 1}); last exit: ${lastExit(p)}`
  const next: PodRecord = {
    ...requeue(p, 'Rescheduling', message, tx.now),
    restarts: p.restarts + 1,
    finishedAt: null,
    exitCode: null,
  }
  tx.putPod(next)
  tx.history({ podId: next.id, incarnation: next.incarnation, status: 'Pending', reason: 'Rescheduling', message, nodeId: null })
  tx.event({
    category: p.spec.service ? 'service' : 'pod',
    resourceType: 'pod',
    resourceId: p.id,
    resourceName: p.name,
    namespace: p.namespace,
    ownerId: p.ownerId,
    type: 'PodRescheduled',
    severity: 'warning',
    previousState: p.status,
    newState: 'Pending',
    reason: 'Rescheduling',
    message,
  })
  return next
}

/**
 * In the write that ended its run because its node went away: a pod its restart policy wants run
 * again goes back to the scheduler at once; a DaemonSet pod stays with its node.
 */
export function requeueLostInTx(tx: Tx, p: PodRecord, why: string): PodRecord {
  if (!lostWithNode(p) || !wantsRestart(p) || p.spec.service?.nodeId !== undefined) return p
  return requeueInTx(tx, p, why)
}
