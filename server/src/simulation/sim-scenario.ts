/**
 * What the controller simulation generates: a few services, the nodes present at the start, and a
 * sequence of operations on the cluster (nodes joining, leaving on purpose, closing their socket,
 * dying silently, tainted, cordoned, drained and deleted, the server restarting). Each operation
 * is followed by a wait in simulated time. `applyOp` performs one through the simulated agents and
 * the REST API.
 */
import fc from 'fast-check'
import type { Toleration } from '@stark/shared'
import type { SimCluster } from './sim-cluster'

export const NODE_NAMES = ['n0', 'n1', 'n2', 'n3', 'n4'] as const
export type NodeName = (typeof NODE_NAMES)[number]
export const TAINT_KEYS = ['k1', 'k2'] as const
type Effect = 'NoSchedule' | 'NoExecute'

export interface ServiceSpec {
  name: string
  /** 0: DaemonSet. */
  replicas: number
  tolerations: Toleration[]
  /** Its pack fails right after it starts, every time. */
  crashes: boolean
}

export type Op =
  | { t: 'join'; node: NodeName; after: number }
  | { t: 'leave'; node: NodeName; remove: boolean; after: number }
  | { t: 'close'; node: NodeName; after: number }
  | { t: 'die'; node: NodeName; after: number }
  | { t: 'taint'; node: NodeName; key: (typeof TAINT_KEYS)[number]; effect: Effect; after: number }
  | { t: 'untaint'; node: NodeName; key: (typeof TAINT_KEYS)[number]; after: number }
  | { t: 'cordon'; node: NodeName; after: number }
  | { t: 'uncordon'; node: NodeName; after: number }
  | { t: 'drain'; node: NodeName; after: number }
  | { t: 'delete'; node: NodeName; force: boolean; after: number }
  | { t: 'restart'; reconnectAfterMs: number; after: number }

export interface Scenario {
  services: ServiceSpec[]
  initialNodes: NodeName[]
  ops: Op[]
}

/** Tolerations a service may carry (of the taints the simulation sets, and of an unreachable node). */
export const TOLERATION_CHOICES: Toleration[] = [
  { key: 'k1', operator: 'Exists', effect: 'NoExecute' },
  { key: 'k1', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 },
  { key: 'k1', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 },
  { key: 'k2', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'k2', operator: 'Exists' },
  { key: 'stark.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
]

const node = fc.constantFrom(...NODE_NAMES)
const after = fc.integer({ min: 0, max: 20 }).map((s) => s * 1000)

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('join' as const), node, after }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant('leave' as const), node, remove: fc.boolean(), after }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('close' as const), node, after }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('die' as const), node, after }), weight: 2 },
  {
    arbitrary: fc.record({
      t: fc.constant('taint' as const),
      node,
      key: fc.constantFrom(...TAINT_KEYS),
      effect: fc.constantFrom<Effect>('NoSchedule', 'NoExecute'),
      after,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ t: fc.constant('untaint' as const), node, key: fc.constantFrom(...TAINT_KEYS), after }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('cordon' as const), node, after }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('uncordon' as const), node, after }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('drain' as const), node, after }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('delete' as const), node, force: fc.boolean(), after }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('restart' as const),
      reconnectAfterMs: fc.integer({ min: 0, max: 10 }).map((s) => s * 1000),
      after,
    }),
    weight: 1,
  },
)

const serviceArb = (i: number): fc.Arbitrary<ServiceSpec> =>
  fc.record({
    name: fc.constant(`s${i}`),
    replicas: fc.integer({ min: 0, max: 3 }),
    tolerations: fc.subarray(TOLERATION_CHOICES, { maxLength: 2 }),
    crashes: fc.constantFrom(false, false, false, true),
  })

export function scenarioArb(o: { maxOps: number }): fc.Arbitrary<Scenario> {
  return fc.record({
    services: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => serviceArb(i)))),
    initialNodes: fc.uniqueArray(node, { minLength: 1, maxLength: 4 }),
    ops: fc.array(opArb, { maxLength: o.maxOps }),
  })
}

/** One line per operation, for a readable counterexample. */
export function describeOp(op: Op): string {
  const wait = op.after ? `, wait ${op.after / 1000}s` : ''
  switch (op.t) {
    case 'taint':
      return `taint ${op.node} ${op.key}:${op.effect}${wait}`
    case 'untaint':
      return `untaint ${op.node} ${op.key}${wait}`
    case 'restart':
      return `restart the server (agents back after ${op.reconnectAfterMs / 1000}s)${wait}`
    case 'leave':
      return `${op.node} leaves on purpose${op.remove ? ' asking to be removed' : ''}${wait}`
    case 'close':
      return `${op.node}'s agent is killed (clean socket close, no node:leave)${wait}`
    case 'delete':
      return `delete node ${op.node}${op.force ? ' --force' : ''}${wait}`
    default:
      return `${op.t} ${op.node}${wait}`
  }
}

export function describeScenario(s: Scenario): string {
  const services = s.services.map(
    (x) =>
      `  service ${x.name}: ${x.replicas === 0 ? 'DaemonSet' : `${x.replicas} replicas`}${x.crashes ? ', crashes at start' : ''}${x.tolerations.length ? `, tolerates ${JSON.stringify(x.tolerations)}` : ''}`,
  )
  return [
    ...services,
    `  nodes at start: ${s.initialNodes.join(', ')}`,
    ...s.ops.map((op, i) => `  ${i + 1}. ${describeOp(op)}`),
  ].join('\n')
}

/** Performs an operation (not its wait). Operations on a node that is not there do nothing. */
export async function applyOp(c: SimCluster, op: Op): Promise<void> {
  if (op.t === 'restart') return c.restart({ reconnectAfterMs: op.reconnectAfterMs })
  const agent = c.agents.get(op.node)
  switch (op.t) {
    case 'join':
      if (agent?.state !== 'up') await c.join(op.node)
      return
    case 'leave':
      if (agent?.state === 'up') await agent.leave({ remove: op.remove })
      return
    case 'close':
      if (agent?.state === 'up') await agent.close()
      return
    case 'die':
      if (agent?.state === 'up') agent.freeze()
      return
  }
  if (!c.generation.state.nodeByName(op.node)) return
  const path = `/api/nodes/${op.node}`
  if (op.t === 'delete') {
    const r = await c.api('DELETE', `${path}${op.force ? '?force=true' : ''}`)
    // Without --force a Ready node is refused.
    if (r.status === 409 && !op.force) return
    if (r.status !== 200 && r.status !== 204) throw new Error(`DELETE ${path}: ${r.status} ${JSON.stringify(r.body)}`)
    return
  }
  if (op.t === 'drain') {
    const r = await c.api('POST', `${path}/drain`)
    if (r.status < 200 || r.status >= 300) throw new Error(`POST ${path}/drain: ${r.status} ${JSON.stringify(r.body)}`)
    return
  }
  const body =
    op.t === 'taint'
      ? { taints: [{ key: op.key, effect: op.effect }] }
      : op.t === 'untaint'
        ? { removeTaints: [{ key: op.key }] }
        : { unschedulable: op.t === 'cordon' }
  const r = await c.api('PATCH', path, body)
  if (r.status !== 200) throw new Error(`PATCH ${path} ${JSON.stringify(body)}: ${r.status} ${JSON.stringify(r.body)}`)
}
