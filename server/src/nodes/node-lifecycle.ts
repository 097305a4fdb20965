/**
 * Nodes leaving and being taken away: a node that stops on purpose (`node:leave`), a user deleting
 * a node (`stark node delete`), and draining one (`stark node drain`).
 *
 * - Leave: the node is Offline with reason `Left` and its runs end at once, so their services and
 *   restart policies replace them elsewhere without waiting out any eviction delay. With `remove`
 *   (the dashboard's Leave) the node is deleted as well.
 * - Delete (admins and the node's owner): refused for a Ready node without `force`. Its runs end,
 *   its row goes, its socket is closed with CLOSE_NODE_DELETED and its node token no longer
 *   authenticates: an agent started again joins as a new node, with a fresh registration.
 * - Drain: cordon, then stop every pod on the node gracefully except DaemonSet pods (they belong to
 *   the node, as with `kubectl drain --ignore-daemonsets`). Service pods are deleted, so their
 *   service creates replacements elsewhere at once; bare pods are stopped (reason `Drained`).
 *   NodeDrained is recorded when the last of them has stopped. Drain progress is derived from
 *   the cluster state (the cordon and the pods still on the node), so it survives a server
 *   restart; only the watch that records NodeDrained is in memory, so a drain that finishes
 *   after a restart is not announced by that event (its progress still reads done).
 */
import { CLOSE_NODE_DELETED, holdsCapacity, type Logger } from '@stark/shared'
import type { Principal } from '../auth/principal'
import { conflict, forbidden, notFound } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import type { NodeConnections } from '../ws/node-connections'
import { requestStop } from '../pods/transitions'
import { endRunsOnNode, removeNodeInTx } from './node-removal'

export interface NodeLifecycleDeps {
  writes: WriteQueue
  state: ClusterState
  connections: NodeConnections
  log: Logger
  stopGracePeriodMs: number
}

export interface DrainProgress {
  node: string
  done: boolean
  /** Pods still on the node that the drain waits for. */
  remaining: { name: string; namespace: string; status: PodRecord['status'] }[]
  /** DaemonSet pods, which stay. */
  daemonSetPods: number
}

/** A DaemonSet pod belongs to its node: a drain leaves it. */
const isDaemonSetPod = (p: PodRecord) => p.spec.service?.nodeId !== undefined

/** Who may delete or drain a node: admins, and users the node belongs to. */
export function assertMayRemoveNode(principal: Principal, node: NodeRecord, verb: 'delete' | 'drain'): void {
  if (principal.role === 'admin') return
  if (principal.kind === 'user' && principal.role === 'user' && node.ownerId === principal.id) return
  throw forbidden(`you may not ${verb} node ${node.name}: only admins and its owner may`)
}

export function drainProgress(state: ClusterState, node: NodeRecord): DrainProgress {
  const onNode = state.podsOnNode(node.id).filter((p) => holdsCapacity(p.status))
  const remaining = onNode.filter((p) => !isDaemonSetPod(p))
  return {
    node: node.name,
    done: remaining.length === 0,
    remaining: remaining.map((p) => ({ name: p.name, namespace: p.namespace, status: p.status })),
    daemonSetPods: onNode.length - remaining.length,
  }
}

export function createNodeLifecycle(deps: NodeLifecycleDeps) {
  const { writes, state, connections, log } = deps
  /** Nodes being drained (in memory): NodeDrained is recorded when the last pod there stops. */
  const draining = new Map<string, string | null>()
  const offPods = state.onPodChange((prev) => {
    const nodeId = prev?.nodeId
    if (!nodeId || !draining.has(nodeId)) return
    const node = state.nodes.get(nodeId)
    if (!node || !drainProgress(state, node).done) return
    const actorId = draining.get(nodeId) ?? null
    draining.delete(nodeId)
    void writes
      .run((tx) => {
        const n = tx.node(nodeId)
        if (!n) return
        tx.event({
          type: 'NodeDrained',
          category: 'node',
          resourceType: 'node',
          resourceId: n.id,
          resourceName: n.name,
          ownerId: n.ownerId,
          actorId,
          reason: 'Drained',
          message: `every pod of node ${n.name} has stopped (DaemonSet pods stay)`,
        })
      })
      .catch((error: unknown) => log.warn('could not record a finished drain', { node: node.name, error: String(error) }))
  })

  function sendStop(pod: PodRecord, reason: string) {
    if (pod.nodeId)
      connections.send(pod.nodeId, 'pod:stop', {
        podId: pod.id,
        incarnation: pod.incarnation,
        reason,
        gracePeriodMs: deps.stopGracePeriodMs,
      })
  }

  return {
    /** The node stops on purpose; returns whether it was deleted. */
    async leave(
      nodeId: string,
      options: { remove?: boolean | undefined; reason?: string | undefined },
    ): Promise<{ removed: boolean }> {
      const why = options.reason ? `: ${options.reason}` : ''
      return writes.run((tx) => {
        const node = tx.node(nodeId)
        if (!node) return { removed: true }
        if (options.remove) {
          removeNodeInTx(tx, state, node, {
            reason: 'Left',
            message: `node ${node.name} left and asked to be removed${why}`,
            actorId: node.id,
          })
          return { removed: true }
        }
        endRunsOnNode(tx, state, node, 'NodeLeft', `node ${node.name} left on purpose${why}`)
        tx.putNode({ ...node, status: 'Offline', statusReason: 'Left', connectedAt: null, updatedAt: tx.now })
        tx.event({
          type: 'NodeLeft',
          category: 'node',
          resourceType: 'node',
          resourceId: node.id,
          resourceName: node.name,
          ownerId: node.ownerId,
          actorId: node.id,
          previousState: node.status,
          newState: 'Offline',
          reason: 'Left',
          message: `node ${node.name} stopped on purpose${why}; its pods are replaced`,
        })
        return { removed: false }
      })
    },

    /** `stark node delete`: refuses a Ready node unless forced. */
    async remove(
      principal: Principal,
      nodeId: string,
      force: boolean,
      correlationId?: string,
    ): Promise<{ node: NodeRecord; podsEnded: number }> {
      const result = await writes.run((tx) => {
        const node = tx.node(nodeId)
        if (!node) throw notFound(`node ${nodeId}`)
        assertMayRemoveNode(principal, node, 'delete')
        if (node.status === 'Ready' && !force) {
          throw conflict(
            `node ${node.name} is Ready: stop its agent first (it then leaves by itself), or delete it anyway with --force (?force=true)`,
          )
        }
        const podsEnded = removeNodeInTx(tx, state, node, {
          reason: 'NodeDeleted',
          message: `node ${node.name} deleted${force && node.status === 'Ready' ? ' while Ready (forced)' : ''}`,
          actorId: principal.id,
          correlationId: correlationId ?? null,
        })
        return { node, podsEnded }
      })
      draining.delete(nodeId)
      connections.close(nodeId, CLOSE_NODE_DELETED, 'this node was deleted')
      return result
    },

    /** `stark node drain`: cordons and stops the node's pods (DaemonSet pods stay). */
    async drain(principal: Principal, nodeId: string, correlationId?: string): Promise<DrainProgress> {
      const node = await writes.run((tx) => {
        const current = tx.node(nodeId)
        if (!current) throw notFound(`node ${nodeId}`)
        assertMayRemoveNode(principal, current, 'drain')
        const base = {
          category: 'node' as const,
          resourceType: 'node',
          resourceId: current.id,
          resourceName: current.name,
          ownerId: current.ownerId,
          actorId: principal.id,
          correlationId: correlationId ?? null,
        }
        if (!current.unschedulable) {
          tx.putNode({ ...current, unschedulable: true, updatedAt: tx.now })
          tx.event({
            ...base,
            type: 'NodeCordoned',
            previousState: 'Schedulable',
            newState: 'Unschedulable',
            reason: 'Cordoned',
            message: `node ${current.name} takes no new pods (drain)`,
          })
        }
        let stopping = 0
        for (const pod of state.podsOnNode(current.id)) {
          const p = tx.pod(pod.id)
          if (!p || p.nodeId !== current.id || isDaemonSetPod(p) || (p.status !== 'Scheduled' && p.status !== 'Running')) continue
          const next = requestStop(p, 'Drained', tx.now, p.spec.service !== undefined)
          tx.putPod(next)
          tx.history({
            podId: next.id,
            incarnation: next.incarnation,
            status: next.status,
            reason: 'Drained',
            message: `node ${current.name} is being drained`,
            nodeId: next.nodeId,
          })
          tx.after(() => sendStop(next, 'Drained'))
          stopping++
        }
        tx.event({
          ...base,
          type: 'NodeDraining',
          reason: 'Drain',
          message: `stopping ${stopping} pod(s) of node ${current.name}; DaemonSet pods stay`,
        })
        return current
      })
      const progress = drainProgress(state, node)
      if (progress.done) {
        await writes.run((tx) =>
          tx.event({
            type: 'NodeDrained',
            category: 'node',
            resourceType: 'node',
            resourceId: node.id,
            resourceName: node.name,
            ownerId: node.ownerId,
            actorId: principal.id,
            reason: 'Drained',
            message: `node ${node.name} has no pods left to stop (DaemonSet pods stay)`,
          }),
        )
      } else draining.set(node.id, principal.id)
      return progress
    },

    stop: offPods,
  }
}
export type NodeLifecycle = ReturnType<typeof createNodeLifecycle>
