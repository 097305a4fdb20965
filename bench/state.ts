/**
 * What reactivity costs the in-memory cluster state (@vue/reactivity), measured in one process with
 * the variants interleaved round by round (so machine load hits them alike):
 * - map: a Map read and written through a shallowReactive proxy vs a plain Map (ns per operation);
 * - apply: the state's one write entry, PODS pods created then bound to NODES nodes in batches of
 *   BATCH, with the watchers a live server has on it (µs per pod change);
 * - allocation: one node's allocation as the scheduler's fit plugins read it — a plain field vs the
 *   state's computed view (ns per read; clean, and right after a batch of bindings dirtied it);
 * - summary: nodes and pods by status — the computed view read clean, after a change, and a scan.
 *
 * Run: npm run bench:state
 * Env: NODES=5000 PODS=20000 BATCH=500 ROUNDS=7
 * Prints one JSON line per measure (the median of the rounds).
 */
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { createClusterState, newPendingPod, newReadyNode, type NodeRecord, type PodRecord } from '@stark/server/testing'
import { computed, markRaw, shallowReactive } from '@vue/reactivity'
import { percentile, report, round } from './lib'

const nodeCount = Number(process.env.NODES ?? 5000)
const podCount = Number(process.env.PODS ?? 20_000)
const batch = Number(process.env.BATCH ?? 500)
const rounds = Number(process.env.ROUNDS ?? 7)
const now = Date.UTC(2026, 0, 1)

const makeNode = (i: number): NodeRecord =>
  newReadyNode({ name: `node-${String(i).padStart(5, '0')}`, agentVersion: 'bench' }, now)
const podSpec = {
  resources: { cpu: 100, memory: 64 },
  selector: {},
  tolerations: [],
  env: {},
  args: [],
  restartPolicy: 'Never' as const,
}
const makePod = (i: number): PodRecord => ({
  ...newPendingPod(
    { id: randomUUID(), name: `pod-${i}`, namespace: 'default', ownerId: 'bench', packId: 'bench', spec: podSpec },
    now,
  ),
  createdAt: now + i,
})

const nodes = Array.from({ length: nodeCount }, (_, i) => makeNode(i))
const pods = Array.from({ length: podCount }, (_, i) => makePod(i))
const samples = new Map<string, number[]>()
const sample = (name: string, value: number) => {
  let list = samples.get(name)
  if (!list) samples.set(name, (list = []))
  list.push(value)
}
const time = (fn: () => void) => {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}
let sink = 0

function mapOps() {
  const reads = 10
  for (const [variant, map] of [
    ['plain', markRaw(new Map<string, PodRecord>())],
    ['shallowReactive', shallowReactive(new Map<string, PodRecord>())],
  ] as const) {
    const ms = time(() => {
      for (const p of pods) map.set(p.id, p)
      for (let r = 0; r < reads; r++) for (const p of pods) sink += map.get(p.id)!.priority
    })
    sample(`map.${variant}.ns_per_op`, (ms * 1e6) / (podCount * (reads + 1)))
  }
}

function applyAndViews() {
  const state = createClusterState({ nodes })
  // The live server's watchers of the change feed: scheduler cache and loop, controllers, indexes.
  for (let i = 0; i < 10; i++) state.onPodChange((_, next) => void (sink += next ? 1 : 0))
  for (let i = 0; i < 6; i++) state.onNodeChange(() => void sink++)
  const create = time(() => {
    for (let i = 0; i < podCount; i += 2000) state.apply({ pods: pods.slice(i, i + 2000) })
  })
  sample('apply.create.us_per_pod', (create * 1000) / podCount)

  // Allocation reads: every node once (the plain field, then the computed view) between batches.
  const plain = nodes.map(() => ({ allocated: { cpu: 0, memory: 0, pods: 0 } }))
  let bindMs = 0
  let dirtyMs = 0
  let cleanMs = 0
  let plainMs = 0
  for (let i = 0; i < podCount; i += batch) {
    const bound = pods.slice(i, i + batch).map((p, j) => ({
      ...p,
      status: 'Scheduled' as const,
      nodeId: nodes[(i + j) % nodeCount]!.id,
    }))
    bindMs += time(() => state.apply({ pods: bound }))
    dirtyMs += time(() => {
      for (const n of nodes) sink += state.views.allocation(n.id).allocated.cpu
    })
    cleanMs += time(() => {
      for (const n of nodes) sink += state.views.allocation(n.id).allocated.cpu
    })
    plainMs += time(() => {
      for (const p of plain) sink += p.allocated.cpu
    })
  }
  const batches = Math.ceil(podCount / batch)
  sample('apply.bind.us_per_pod', (bindMs * 1000) / podCount)
  sample('allocation.computed_after_batch.ns_per_read', (dirtyMs * 1e6) / (batches * nodeCount))
  sample('allocation.computed_clean.ns_per_read', (cleanMs * 1e6) / (batches * nodeCount))
  sample('allocation.plain_field.ns_per_read', (plainMs * 1e6) / (batches * nodeCount))

  // A bare computed read (no per-node lookup) against the plain field: the reactive read itself.
  const refs = plain.map((p) => computed(() => p.allocated))
  sample(
    'allocation.bare_computed_clean.ns_per_read',
    (time(() => {
      for (let r = 0; r < 20; r++) for (const c of refs) sink += c.value.cpu
    }) *
      1e6) /
      (20 * nodeCount),
  )

  sample(
    'summary.computed_clean.ms',
    time(() => void (sink += state.views.summary.value.pods.total)),
  )
  state.apply({ pods: [{ ...state.pods.get(pods[0]!.id)!, status: 'Running' }] })
  sample(
    'summary.computed_after_change.ms',
    time(() => void (sink += state.views.summary.value.pods.total)),
  )
  sample(
    'summary.computed_clean_again.ms',
    time(() => void (sink += state.views.summary.value.pods.total)),
  )
}

const load = loadavg()[0]!
for (let r = 0; r < rounds; r++) {
  mapOps()
  applyAndViews()
}
for (const [measure, values] of samples) {
  report({
    bench: 'state',
    measure,
    median: round(percentile(values, 50), 4),
    min: round(Math.min(...values), 4),
    rounds,
    nodes: nodeCount,
    pods: podCount,
    batch,
    load_1m: round(load, 2),
  })
}
if (sink === -1) console.log(sink)
