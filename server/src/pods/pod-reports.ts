/**
 * Applying what a node reports about the run it was given. Called only after fencing (the
 * report is for the pod's current node and incarnation).
 */
import { isTerminal, safeText } from '@stark/shared'
import type { Tx } from '../state/write-queue'
import type { PodRecord } from '../store/records'
import { markFinished, markRunning } from './transitions'

export interface PodReport {
  status: 'Running' | 'Succeeded' | 'Failed' | 'Stopped'
  reason?: string | undefined
  message?: string | undefined
  exitCode?: number | undefined
}

const EVENT_TYPE: Record<string, string> = {
  Running: 'PodRunning',
  Succeeded: 'PodSucceeded',
  Failed: 'PodFailed',
  Stopped: 'PodStopped',
}

/** Applies one report; `resendStop` is called when a pod that should stop still runs. */
export function applyReport(tx: Tx, pod: PodRecord, raw: PodReport, resendStop: (pod: PodRecord) => void): PodRecord {
  // What the pack said (its error message) is hostile text: made safe before it is stored or shown.
  const report: PodReport = {
    ...raw,
    ...(raw.reason !== undefined ? { reason: safeText(raw.reason) } : {}),
    ...(raw.message !== undefined ? { message: raw.message.split('\n').map(safeText).join('\n') } : {}),
  }
  let next: PodRecord | undefined
  if (report.status === 'Running') {
    if (pod.status === 'Scheduled') next = markRunning(pod, tx.now)
    // Still running a run the server has ended (stopping, or given up as lost): stop it.
    else if (pod.status === 'Stopping' || isTerminal(pod.status)) tx.after(() => resendStop(pod))
  } else if (pod.status === 'Scheduled' || pod.status === 'Running') {
    next = markFinished(
      pod,
      {
        status: report.status,
        reason: report.reason ?? null,
        message: report.message ?? null,
        exitCode: report.exitCode ?? null,
      },
      tx.now,
    )
  } else if (pod.status === 'Stopping') {
    next = markFinished(
      pod,
      { status: 'Stopped', reason: pod.reason ?? 'Stopped', message: report.message ?? null, exitCode: report.exitCode ?? null },
      tx.now,
    )
  }
  if (!next) return pod
  tx.putPod(next)
  tx.history({
    podId: next.id,
    incarnation: next.incarnation,
    status: next.status,
    reason: next.reason,
    message: next.message,
    nodeId: next.nodeId,
  })
  tx.event({
    type: EVENT_TYPE[next.status] ?? 'PodStatusChanged',
    category: 'pod',
    severity: next.status === 'Failed' ? 'warning' : 'info',
    resourceType: 'pod',
    resourceId: next.id,
    resourceName: next.name,
    namespace: next.namespace,
    ownerId: next.ownerId,
    previousState: pod.status,
    newState: next.status,
    reason: next.reason,
    message: next.message,
  })
  return next
}
