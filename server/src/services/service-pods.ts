/**
 * The pod side of services: a new pod from a service's template, Pending for the scheduler (in
 * DaemonSet mode pinned to its node, which the scheduler's NodeName filter holds it to: every
 * binding goes through the scheduler, so capacity is counted in one place), and removing a pod (a
 * finished one at once, a bound one stopped on its node first). Service pods restart Always (on
 * their node, with back-off).
 */
import { isTerminal, nameSuffix, type Rng, servicePodLabels } from '@stark/shared'
import { newPendingPod } from '../pods/pending-pod'
import { requestStop } from '../pods/transitions'
import type { Tx } from '../state/write-queue'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'

export interface NewServicePod {
  id: string
  name: string
  /** DaemonSet mode: the node this pod belongs on (the scheduler binds it there). */
  nodeId?: string | undefined
}

/** The pod record for a service at `now`: Pending (pinned to `nodeId` in DaemonSet mode). */
export function servicePod(s: ServiceRecord, n: NewServicePod, now: number): PodRecord {
  const t = s.template
  return newPendingPod(
    {
      id: n.id,
      name: n.name,
      namespace: s.namespace,
      ownerId: s.ownerId,
      packId: s.packId,
      priority: t.priority,
      labels: servicePodLabels(s.labels, s.name),
      spec: {
        resources: t.resources,
        selector: t.selector,
        tolerations: t.tolerations,
        ...(t.affinity ? { affinity: t.affinity } : {}),
        ...(t.priorityClass !== undefined ? { priorityClass: t.priorityClass } : {}),
        env: t.env,
        args: t.args,
        restartPolicy: 'Always',
        service: {
          id: s.id,
          name: s.name,
          packId: s.packId,
          ...(s.templateHash !== '' ? { templateHash: s.templateHash } : {}),
          ...(n.nodeId ? { nodeId: n.nodeId } : {}),
        },
      },
    },
    now,
  )
}

/** `<service>-<5 random>`, unused in the namespace. */
export function servicePodName(s: ServiceRecord, rng: Rng, taken: (name: string) => boolean): string {
  for (let i = 0; i < 10; i++) {
    const name = `${s.name}-${nameSuffix(rng)}`
    if (!taken(name)) return name
  }
  return `${s.name}-${nameSuffix(rng, 8)}`
}

/** Writes a new service pod with its history and event. */
export function putServicePod(tx: Tx, s: ServiceRecord, pod: PodRecord, reason: string): void {
  tx.putPod(pod)
  tx.history({ podId: pod.id, incarnation: 0, status: 'Pending', reason: null, message: null, nodeId: null })
  if (pod.status === 'Scheduled') {
    tx.history({
      podId: pod.id,
      incarnation: pod.incarnation,
      status: 'Scheduled',
      reason: null,
      message: null,
      nodeId: pod.nodeId,
    })
  }
  tx.event({
    type: 'PodCreated',
    category: 'service',
    resourceType: 'pod',
    resourceId: pod.id,
    resourceName: pod.name,
    namespace: pod.namespace,
    ownerId: pod.ownerId,
    newState: pod.status,
    reason,
    message: `created by service ${s.name}${pod.nodeId ? ' on its node' : ''}`,
  })
}

/**
 * Removes a pod for its service: a finished or unplaced one goes at once; a bound one is asked
 * to stop (marked deleted; garbage collection removes it once stopped). Returns the pod to stop on
 * its node, if any.
 */
export function removeServicePod(tx: Tx, pod: PodRecord, reason: string, message: string): PodRecord | undefined {
  const current = tx.pod(pod.id)
  if (!current || current.deletedAt !== null) return undefined
  const event = {
    category: 'service' as const,
    resourceType: 'pod',
    resourceId: current.id,
    resourceName: current.name,
    namespace: current.namespace,
    ownerId: current.ownerId,
    previousState: current.status,
    reason,
    message,
  }
  if (isTerminal(current.status) || current.status === 'Pending') {
    tx.deletePod(current.id)
    tx.event({ ...event, type: 'PodDeleted' })
    return undefined
  }
  const next = requestStop(current, reason, tx.now, true)
  tx.putPod(next)
  tx.history({ podId: next.id, incarnation: next.incarnation, status: next.status, reason, message, nodeId: next.nodeId })
  tx.event({ ...event, type: 'PodStopping', newState: next.status })
  return next.status === 'Stopping' ? next : undefined
}
