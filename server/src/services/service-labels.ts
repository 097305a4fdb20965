/**
 * A service's labels reach its pods: every pod of the service carries the service's labels plus
 * `stark.io/service=<name>`. New pods get them when they are made (`servicePod`); a change of the
 * service's labels relabels its pods in the same write.
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
  const wanted = servicePodLabels(labels, s.name)
  for (const pod of pods) {
    if (pod.deletedAt === null && !sameLabels(pod.labels, wanted)) tx.putPod({ ...pod, labels: wanted, updatedAt: tx.now })
  }
  return true
}
