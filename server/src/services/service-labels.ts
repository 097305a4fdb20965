/**
 * A service's labels reach its pods: every pod of the service carries the service's labels plus
 * `stark.io/service=<name>`. New pods get them when they are made (`servicePod`); a change of the
 * service's labels relabels its pods in the same write, and the service's reconcile puts right any
 * pod still carrying others (`mislabeled`): a pod whose creating write shared a batch with the label
 * change, after it, was not yet among the service's pods when the change relabeled them.
 */
import { type Labels, servicePodLabels } from '@stark/shared'
import type { Tx } from '../state/write-queue'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'

const sameLabels = (a: Labels, b: Labels) => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
}

/** Sets `labels` on the service's pods when they differ from the service's; true when the service's labels changed. */
export function relabel(tx: Tx, s: ServiceRecord, labels: Labels, pods: readonly PodRecord[]): boolean {
  if (sameLabels(s.labels, labels)) return false
  relabelPods(tx, { ...s, labels }, pods)
  return true
}

/** The service's pods (not being deleted) whose labels are not the ones the service gives its pods now. */
export function mislabeled(s: ServiceRecord, pods: readonly PodRecord[]): PodRecord[] {
  const wanted = servicePodLabels(s.labels, s.name)
  return pods.filter((p) => p.deletedAt === null && !sameLabels(p.labels, wanted))
}

/** Gives `pods` (as this write sees them now) the labels of `s`, the service as this write read it. */
export function relabelPods(tx: Tx, s: ServiceRecord, pods: readonly PodRecord[]): void {
  const wanted = servicePodLabels(s.labels, s.name)
  for (const seen of pods) {
    const pod = tx.pod(seen.id)
    if (pod && pod.deletedAt === null && !sameLabels(pod.labels, wanted)) tx.putPod({ ...pod, labels: wanted, updatedAt: tx.now })
  }
}
