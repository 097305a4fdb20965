/**
 * What the server does with agents: registration (new node, or the same node coming back),
 * heartbeats, status reports from pods, and disconnects. Reports are fenced by incarnation: a
 * node's word about a pod counts only for the run the server last gave that node.
 */
import {
  isPressureCondition,
  jitter,
  type Clock,
  type Logger,
  type NodeCondition,
  type NodeStatus,
  type Payload,
  type Rng,
} from '@stark/shared'
import type { Principal } from '../auth/principal'
import { conflict, forbidden, StarkError } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { Tx, WriteQueue } from '../state/write-queue'
import type { NodeRecord, PodRecord } from '../store/records'
import { dryRun } from '../state/dry-run'
import type { NodeConnections, NodeSocket } from '../ws/node-connections'
import { podAssignment } from '../pods/pod-assignment'
import { applyReport, type PodReport } from '../pods/pod-reports'
import { actsAsAdmin, cappedAllocatable, plausibleUsage, reservedKeysIn } from './node-claims'

type NodeStatusValue = NodeRecord['status']

export interface NodeOpsDeps {
  writes: WriteQueue
  state: ClusterState
  connections: NodeConnections
  issueNodeToken(nodeId: string): Promise<string>
  clock: Clock
  rng: Rng
  log: Logger
  newId: () => string
  /** Heartbeat interval told to agents (ms, jittered ±10% per node). */
  heartbeatIntervalMs?: number
  stopGracePeriodMs?: number
  /** A Scheduled pod its node does not report after this long is sent again (ms). */
  resendAssignAfterMs?: number
  /** Sees every heartbeat as it arrives (per-pod usage, heartbeat metrics). */
  onHeartbeat?: (nodeId: string, heartbeat: Payload<'node:heartbeat'>) => void
}

export class UnknownNodeError extends StarkError {
  constructor(nodeId: string) {
    super('not_found', `node ${nodeId} is not known to this server; register anew`)
  }
}

const conditionsKey = (cs: NodeCondition[] | undefined) => JSON.stringify((cs ?? []).map((c) => [c.type, c.reason, c.message]))

export function createNodeOps(deps: NodeOpsDeps) {
  const { writes, state, connections, clock, log } = deps
  const heartbeatMs = deps.heartbeatIntervalMs ?? 5000
  const grace = deps.stopGracePeriodMs ?? 10_000
  const resendAfter = deps.resendAssignAfterMs ?? 5000
  const lastSeen = new Map<string, number>()

  function setNodeStatus(
    tx: Tx,
    node: NodeRecord,
    status: NodeStatusValue,
    reason: string,
    message: string,
    patch: Partial<NodeRecord> = {},
  ) {
    const next: NodeRecord = { ...node, ...patch, status, statusReason: reason, updatedAt: tx.now }
    tx.putNode(next)
    if (node.status !== status) {
      tx.event({
        type: `Node${status}`,
        category: 'node',
        severity: status === 'Ready' ? 'info' : 'warning',
        resourceType: 'node',
        resourceId: node.id,
        resourceName: node.name,
        ownerId: node.ownerId,
        previousState: node.status,
        newState: status,
        reason,
        message,
      })
    }
    return next
  }

  /** Sets the conditions an agent reports; a pressure condition coming or going is an event. */
  function setConditions(tx: Tx, node: NodeRecord, conditions: NodeCondition[]): NodeRecord {
    if (conditionsKey(node.conditions) === conditionsKey(conditions)) return node
    const next: NodeRecord = { ...node, conditions, updatedAt: tx.now }
    tx.putNode(next)
    const before = node.conditions?.find(isPressureCondition)
    const now = conditions.find(isPressureCondition)
    if (now && (!before || before.type !== now.type || before.reason !== now.reason)) {
      tx.event({
        type: `Node${now.type}`,
        category: 'node',
        severity: 'warning',
        resourceType: 'node',
        resourceId: node.id,
        resourceName: node.name,
        ownerId: node.ownerId,
        reason: now.reason,
        message: `${now.message} (the node takes no new pods until it recovers)`,
      })
    } else if (before && !now) {
      tx.event({
        type: `Node${before.type}Cleared`,
        category: 'node',
        severity: 'info',
        resourceType: 'node',
        resourceId: node.id,
        resourceName: node.name,
        ownerId: node.ownerId,
        reason: before.reason,
        message: 'the node can start pods again',
      })
    }
    return next
  }

  /** `open` lets pods reach the node's machine: only an admin's credential (or an admin's node) may register one. */
  function authorizePodNetwork(principal: Principal, p: Payload<'node:register'>) {
    if (p.podNetwork !== 'open') return
    if (!actsAsAdmin(state, principal))
      throw forbidden('only an admin may run a node with --pod-network open (its pods reach the machine)')
  }

  function sendStop(nodeId: string, podId: string, incarnation: number, reason: string) {
    connections.send(nodeId, 'pod:stop', { podId, incarnation, reason, gracePeriodMs: grace })
  }

  function sendAssign(pod: PodRecord) {
    const assignment = podAssignment(pod, state)
    if (assignment && pod.nodeId) connections.send(pod.nodeId, 'pod:assign', { pod: assignment })
  }

  /**
   * Squares what a node says it runs with what the server expects of it: adopts matching runs,
   * applies statuses it missed, stops runs it no longer wants, re-sends assignments the node
   * never got, and gives up on runs the node lost.
   */
  function reconcile(tx: Tx, node: NodeRecord, reported: Payload<'node:heartbeat'>['pods'], full: boolean) {
    // A heartbeat that does not list its runs (the field is optional) says nothing about them:
    // only a list, even an empty one, says what the node runs.
    if (reported === undefined) return
    const seen = new Set<string>()
    for (const r of reported) {
      seen.add(r.podId)
      const pod = tx.pod(r.podId)
      if (!pod || pod.nodeId !== node.id || pod.incarnation !== r.incarnation) {
        if (r.status === 'Running') tx.after(() => sendStop(node.id, r.podId, r.incarnation, 'Superseded'))
        continue
      }
      applyReport(tx, pod, { status: r.status }, (p) => sendStop(node.id, p.id, p.incarnation, p.reason ?? 'Stopped'))
    }
    for (const pod of state.podsOnNode(node.id)) {
      const current = tx.pod(pod.id)
      if (!current || current.nodeId !== node.id || seen.has(current.id)) continue
      const age = tx.now - current.updatedAt
      if (current.status === 'Scheduled' && (full || age > resendAfter)) {
        tx.after(() => sendAssign(current))
      } else if (current.status === 'Running' && (full || age > 2 * heartbeatMs)) {
        applyReport(
          tx,
          current,
          { status: 'Failed', reason: 'PodLost', message: `node ${node.name} no longer runs this pod` },
          () => {},
        )
      } else if (current.status === 'Stopping' && (full || age > 2 * heartbeatMs)) {
        applyReport(tx, current, { status: 'Stopped' }, () => {})
      }
    }
  }

  /** Scratch for `quiet` (one heartbeat at a time: it is synchronous). */
  const matched = new Set<string>()
  /**
   * A heartbeat that would change nothing and send nothing, told without a dry run: the node is
   * Ready, its conditions are as stored, and it reports exactly the runs holding capacity on it,
   * each Running on the server too (its latest incarnation). Anything else takes the full path.
   */
  function quiet(node: NodeRecord, p: Payload<'node:heartbeat'>): boolean {
    if (node.status !== 'Ready') return false
    if (p.conditions && conditionsKey(node.conditions) !== conditionsKey(p.conditions)) return false
    const reported = p.pods
    if (reported === undefined) return true
    const held = state.views.allocation(node.id).pods
    if (held.size !== reported.length) return false
    matched.clear()
    try {
      for (const r of reported) {
        const pod = held.get(r.podId)
        if (r.status !== 'Running' || pod?.status !== 'Running' || pod.incarnation !== r.incarnation || matched.has(r.podId))
          return false
        matched.add(r.podId)
      }
      return true
    } finally {
      matched.clear()
    }
  }

  function authorizeReturning(principal: Principal, node: NodeRecord) {
    if (principal.kind === 'node' && principal.id === node.id) return
    if (principal.kind === 'user' && (principal.role === 'admin' || (principal.role === 'user' && node.ownerId === principal.id)))
      return
    throw forbidden(`this credential may not register as node ${node.name}`)
  }

  return {
    heartbeatIntervalMs: heartbeatMs,
    lastSeen: (nodeId: string) => lastSeen.get(nodeId),
    /** Any sign of life from a node: a message or a pong. */
    touch(nodeId: string) {
      lastSeen.set(nodeId, clock.now())
    },

    /**
     * Registers (or re-registers) a node. The `node:registered` answer is handed to `reply` right
     * after the commit, before anything else can be sent to the node (e.g. a pod assignment).
     */
    async register(
      principal: Principal,
      p: Payload<'node:register'>,
      socket: NodeSocket,
      reply: (registered: Payload<'node:registered'>) => void,
    ): Promise<Payload<'node:registered'>> {
      authorizePodNetwork(principal, p)
      const admin = actsAsAdmin(state, principal)
      const reserved = admin ? [] : reservedKeysIn(p.labels, p.taints)
      if (reserved.length > 0) throw forbidden(`only an admin may set ${reserved.join(', ')} (the stark.io/ prefix is reserved)`)
      // The id is known before the write, so the node token is signed before it too.
      const plannedId = p.nodeId ?? state.nodeByName(p.name)?.id ?? deps.newId()
      const nodeToken = !p.nodeId || principal.kind === 'user' ? await deps.issueNodeToken(plannedId) : undefined
      const heartbeatIntervalMs = jitter(deps.rng, heartbeatMs, 0.1)
      let registered: Payload<'node:registered'> | undefined
      const result = await writes.run((tx) => {
        let node: NodeRecord | undefined
        if (p.nodeId) {
          node = tx.node(p.nodeId)
          if (!node) throw new UnknownNodeError(p.nodeId)
          authorizeReturning(principal, node)
          if (node.name !== p.name) throw conflict(`node ${p.nodeId} is registered as "${node.name}", not "${p.name}"`)
        } else {
          if (principal.kind !== 'user' || principal.role === 'viewer') throw forbidden('this credential may not register nodes')
          const byName = state.nodeByName(p.name)
          if (byName) {
            if (connections.isConnected(byName.id)) throw conflict(`node name "${p.name}" is in use by a connected node`)
            if (principal.role !== 'admin' && byName.ownerId !== principal.id)
              throw conflict(`node name "${p.name}" is taken; pick another`)
            node = byName
          }
        }
        if ((node?.id ?? plannedId) !== plannedId) throw conflict(`node "${p.name}" changed while registering; try again`)
        const base: NodeRecord = node ?? {
          id: plannedId,
          name: p.name,
          runtime: p.runtime,
          ownerId: principal.kind === 'user' ? principal.id : null,
          status: 'NotReady',
          labels: {},
          taints: [],
          allocatable: p.allocatable,
          unschedulable: false,
          trusted: false,
          agentVersion: null,
          lastHeartbeatAt: null,
          connectedAt: null,
          createdAt: tx.now,
          updatedAt: tx.now,
        }
        const taintKey = (t: { key: string; effect: string }) => `${t.key}:${t.effect}`
        const agentTaints = new Set(p.taints.map(taintKey))
        const connected = setNodeStatus(tx, base, 'Ready', node ? 'Reconnected' : 'Registered', `node ${p.name} connected`, {
          runtime: p.runtime,
          labels: { ...base.labels, ...p.labels },
          taints: [...base.taints.filter((t) => !agentTaints.has(taintKey(t))), ...p.taints],
          // Capacity is what the node first registered with: it may shrink, only an admin raises it.
          allocatable: node && !admin ? cappedAllocatable(node.allocatable, p.allocatable) : p.allocatable,
          agentVersion: p.agentVersion ?? null,
          connectedAt: tx.now,
          lastHeartbeatAt: tx.now,
          podNetwork: p.podNetwork ?? (p.runtime === 'node' ? 'default' : undefined),
        })
        const next = setConditions(tx, connected, p.conditions ?? [])
        if (!node) {
          tx.event({
            type: 'NodeRegistered',
            category: 'node',
            resourceType: 'node',
            resourceId: next.id,
            resourceName: next.name,
            ownerId: next.ownerId,
            actorId: principal.id,
            message: `${p.runtime} node registered`,
          })
        }
        registered = { nodeId: next.id, name: next.name, heartbeatIntervalMs, ...(nodeToken ? { nodeToken } : {}) }
        const answer = registered
        // Attach and answer first: what reconcile sends next (stops, assignments) must reach the node.
        tx.after(() => {
          connections.attach(next.id, socket)
          lastSeen.set(next.id, clock.now())
          reply(answer)
        })
        reconcile(tx, next, p.pods, true)
        return next
      })
      log.info('node registered', { nodeId: result.id, name: result.name, runtime: result.runtime })
      return registered!
    },

    async heartbeat(nodeId: string, p: Payload<'node:heartbeat'>): Promise<void> {
      lastSeen.set(nodeId, clock.now())
      const node = state.nodes.get(nodeId)
      if (!node) return
      // Usage only for this node's own runs, and only believable figures.
      const usage = p.usage?.filter((u) => {
        const pod = state.pods.get(u.podId)
        return (
          pod !== undefined && pod.nodeId === nodeId && pod.incarnation === u.incarnation && plausibleUsage(node.allocatable, u)
        )
      })
      deps.onHeartbeat?.(nodeId, usage ? { ...p, usage } : p)
      if (quiet(node, p)) return
      const work = (tx: Tx) => {
        let current = tx.node(nodeId)
        if (!current) return
        if (current.status !== 'Ready') current = setNodeStatus(tx, current, 'Ready', 'Heartbeat', 'heartbeats resumed')
        if (p.conditions) current = setConditions(tx, current, p.conditions)
        reconcile(tx, current, p.pods, false)
      }
      // Most heartbeats change nothing: check in memory first, write only when something moved.
      const trial = dryRun(state, clock.now(), work)
      if (!trial.dirty) return trial.runAfters()
      await writes.run(work)
    },

    async podStatus(nodeId: string, report: PodReport & { podId: string; incarnation: number }): Promise<void> {
      lastSeen.set(nodeId, clock.now())
      await writes.run((tx) => {
        const pod = tx.pod(report.podId)
        if (!pod || pod.nodeId !== nodeId || pod.incarnation !== report.incarnation) {
          // A late word about a run this node no longer owns: ignore it, and stop it if it runs.
          if (report.status === 'Running') tx.after(() => sendStop(nodeId, report.podId, report.incarnation, 'Superseded'))
          return
        }
        applyReport(tx, pod, report, (p) => sendStop(nodeId, p.id, p.incarnation, p.reason ?? 'Stopped'))
      })
    },

    /** The node's socket closed: it is NotReady at once. */
    async disconnected(nodeId: string, socket: NodeSocket, reason: string): Promise<void> {
      if (!connections.detach(nodeId, socket)) return
      await writes
        .run((tx) => {
          const node = tx.node(nodeId)
          if (node?.status !== 'Ready') return
          setNodeStatus(tx, node, 'NotReady', 'Disconnected', reason || 'connection closed', { connectedAt: null })
        })
        .catch((error: unknown) => log.warn('could not record node disconnect', { nodeId, error: String(error) }))
    },

    /** Marks a node (health controller, admin); returns whether it changed. */
    async setStatus(nodeId: string, status: NodeStatus, reason: string, message: string): Promise<void> {
      await writes.run((tx) => {
        const node = tx.node(nodeId)
        if (node && node.status !== status) setNodeStatus(tx, node, status, reason, message)
      })
    },
  }
}
export type NodeOps = ReturnType<typeof createNodeOps>
