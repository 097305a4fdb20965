/** The live loop over a real PGlite write path: start-up backlog, pods arriving mid-write, preemption, a failed write. */
import { randomUUID } from 'node:crypto'
import { seededRng, silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SqlClient } from '../db/sql'
import { createClusterState, type ClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue, type WriteQueue } from '../state/write-queue'
import { eventsRepo } from '../store/events'
import { nodesRepo } from '../store/nodes'
import { podsRepo } from '../store/pods'
import type { NodeRecord, PackRecord, PodRecord } from '../store/records'
import { usersRepo } from '../store/users'
import { openTestPglite } from '../testing/databases'
import { createSchedulerCache } from './cache'
import { defaultPlugins } from './registry'
import { createSchedulingLoop, type SchedulingLoopDeps } from './scheduling-loop'
import { makeNode, makePod } from './testing/fixtures'
import { insertTestPack } from '../testing/records'

let db: SqlClient
let owner: string
let pack: PackRecord
let failNextCommit = false
/** Commits take this long (as over a network to PostgreSQL), so the loop really waits on them. */
let commitDelayMs = 0
/** Called when a transaction has committed. */
let onCommitted: (() => void) | undefined

beforeEach(async () => {
  const real = await openTestPglite()
  // Faults come from a wrapper around the injected database, never from flags in the loop.
  db = {
    ...real,
    transaction: (fn) =>
      real
        .transaction(async (tx) => {
          const result = await fn(tx)
          if (commitDelayMs > 0) await new Promise((r) => setTimeout(r, commitDelayMs))
          if (failNextCommit) {
            failNextCommit = false
            throw new Error('injected commit failure')
          }
          return result
        })
        .then((result) => (onCommitted?.(), result)),
  }
  owner = (await usersRepo.insert(db, { email: 'o@example.com', passwordHash: 'x', role: 'user' })).id
  pack = await insertTestPack(db, owner)
})
afterEach(() => {
  commitDelayMs = 0
  onCommitted = undefined
  return db.close()
})

const node = (name: string, cpu = 4000): NodeRecord => ({ ...makeNode(name).cpu(cpu).record(), id: randomUUID(), ownerId: owner })
const pod = (name: string, over: Partial<PodRecord> = {}): PodRecord => ({
  ...makePod(name).record(),
  id: randomUUID(),
  ownerId: owner,
  packId: pack.id,
  ...over,
})

async function world(
  nodes: NodeRecord[],
  pods: PodRecord[] = [],
  batchSize = 3,
  defer?: (fn: () => void) => void,
  more: Partial<SchedulingLoopDeps> = {},
) {
  for (const n of nodes) await nodesRepo.upsert(db, n)
  await podsRepo.upsertMany(db, pods)
  const state: ClusterState = createClusterState({ nodes, pods, packs: [pack] })
  const clock = fakeClock()
  const writes: WriteQueue = createWriteQueue({ db, state, bus: createEventBus(), clock, log: silentLogger })
  const bound: PodRecord[] = []
  const evicted: PodRecord[] = []
  const cache = createSchedulerCache(state)
  const loop = createSchedulingLoop({
    state,
    writes,
    cache,
    plugins: defaultPlugins(),
    rng: seededRng(1),
    clock,
    log: silentLogger,
    batchSize,
    onBound: (p) => bound.push(p),
    onEvicted: (p) => evicted.push(p),
    ...(defer ? { defer } : {}),
    ...more,
  })
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await loop.idle()
      await writes.drain()
    }
  }
  return { state, writes, loop, bound, evicted, clock, settle }
}

describe('scheduling loop', () => {
  it('is woken by the state itself: a pod applied there is queued at once, and no longer after stop()', async () => {
    const cycles: (() => void)[] = []
    const w = await world([node('a')], [], 3, (fn) => cycles.push(fn))
    expect(w.loop.depth.active).toBe(0)
    w.state.apply({ pods: [pod('p1'), pod('p2')] }) // as the write queue does after a commit
    expect(w.loop.depth.active).toBe(2)
    expect(cycles).toHaveLength(1) // one cycle asked for, for the whole change set
    w.state.apply({ pods: [{ ...w.state.podByName('default', 'p1')!, status: 'Failed' }] })
    expect(w.loop.depth.active).toBe(1)
    w.loop.stop()
    w.state.apply({ pods: [pod('p3')] })
    expect(w.loop.depth.active).toBe(1)
  })

  it('schedules the pods already Pending when it starts, in batches', async () => {
    const w = await world(
      [node('a'), node('b')],
      Array.from({ length: 10 }, (_, i) => pod(`p${i}`)),
    )
    await w.settle()
    expect(w.bound).toHaveLength(10)
    expect((await podsRepo.list(db)).filter((p) => p.status === 'Scheduled' && p.nodeId)).toHaveLength(10)
    w.loop.stop()
  })

  it('binds pods whose creation commits together with its last binding write', async () => {
    // Right after the loop has queued its binding write, a creation is queued too: both commit
    // in one transaction, while the loop waits for its last write.
    let inject: (() => void) | undefined
    const w = await world([node('a')], [pod('first')], 3, (fn) =>
      setImmediate(() => {
        fn()
        const once = inject
        inject = undefined
        once?.()
      }),
    )
    inject = () => void w.writes.run((tx) => tx.putPod(pod('late')))
    commitDelayMs = 20
    await w.settle()
    expect(w.bound.map((p) => p.name).sort()).toEqual(['first', 'late'])
    w.loop.stop()
  })

  it('binds pods that arrive in waves while writes are in flight', async () => {
    const w = await world([node('a')])
    for (let wave = 0; wave < 5; wave++) {
      const created = w.writes.run((tx) => {
        for (let i = 0; i < 4; i++) tx.putPod(pod(`w${wave}-${i}`))
      })
      if (wave % 2 === 0) await created
      else await new Promise((r) => setImmediate(r))
    }
    await w.settle()
    expect(w.bound.map((p) => p.name).sort()).toHaveLength(20)
    expect(w.loop.depth).toEqual({ active: 0, unschedulable: 0 })
    w.loop.stop()
  })

  it('decides a batch in slices: the write in flight commits meanwhile, and a pod deleted between slices is not decided on', async () => {
    // Every decision is its own slice, and each turn of the loop takes a little while: the first
    // batch's write (committing after 5 ms) lands while the second batch is being decided.
    const pods = Array.from({ length: 12 }, (_, i) => pod(`p${String(i).padStart(2, '0')}`))
    const seen: string[] = []
    const decidedOn = new Set<string>()
    let deleted: string | undefined
    const w = await world(
      [node('a')],
      pods,
      6,
      (fn) =>
        void setTimeout(() => {
          // Mid-way through the second batch, another server deletes one of its pods not decided yet.
          if (decidedOn.size === 9 && !deleted) {
            deleted = pods.find((p) => !decidedOn.has(p.id))!.id
            w.state.apply({ deletedPods: [deleted] })
          }
          fn()
        }, 2),
      {
        sliceMs: 0,
        onDecision: () => void seen.push('decision'),
        plugins: [
          ...defaultPlugins(),
          { plugin: { name: 'Witness', filter: (p) => (decidedOn.add(p.pod.id), { ok: true }) }, weight: 0 },
        ],
      },
    )
    commitDelayMs = 5
    onCommitted = () => void seen.push('commit')
    await w.settle()
    expect(deleted).toBeDefined()
    expect(w.bound).toHaveLength(11)
    expect(w.bound.map((p) => p.id)).not.toContain(deleted)
    expect(seen.filter((s) => s === 'decision')).toHaveLength(11)
    // The first commit lands between two decisions of the second batch.
    const firstCommit = seen.indexOf('commit')
    expect(seen.slice(0, firstCommit).filter((s) => s === 'decision').length).toBeGreaterThan(6)
    expect(seen.slice(firstCommit).filter((s) => s === 'decision').length).toBeGreaterThan(0)
    w.loop.stop()
  })

  it('a node removed while a batch is decided: the pods decided onto it are decided again, onto a node that is there', async () => {
    const pods = Array.from({ length: 6 }, (_, i) => pod(`r${i}`))
    const [a, b] = [node('a'), node('b')]
    let decisions = 0
    const w = await world([a, b], pods, 6, (fn) => void setTimeout(fn, 1), {
      sliceMs: 0,
      onDecision: () => {
        // Half-way through the batch an operator removes node a (another server's write, seen here).
        if (++decisions === 3) w.state.apply({ deletedNodes: [a.id] })
      },
    })
    await vi.waitFor(() => expect(w.bound).toHaveLength(6), { timeout: 10_000, interval: 10 })
    await w.settle()
    expect(w.bound.map((p) => p.nodeId)).toEqual(Array(6).fill(b.id))
    expect(decisions).toBeGreaterThan(6)
    w.loop.stop()
  })

  it('a node turning Ready while a batch is decided: a pod decided before it saw the change is tried again, not parked until the next periodic retry', async () => {
    const a: NodeRecord = { ...node('a'), status: 'NotReady' }
    const pods = Array.from({ length: 4 }, (_, i) => pod(`w${i}`))
    let decisions = 0
    const w = await world([a], pods, 4, (fn) => void setTimeout(fn, 1), {
      sliceMs: 0,
      onDecision: () => {
        // After the first decision (no node ready) the node's Ready is seen (its agent connected).
        if (++decisions === 1) w.state.apply({ nodes: [{ ...a, status: 'Ready' }] })
      },
    })
    // The periodic retry (fake clock, 15 s) never fires here: only the change may wake the pod.
    await vi.waitFor(() => expect(w.bound).toHaveLength(4), { timeout: 10_000, interval: 10 })
    await w.settle()
    expect(w.loop.depth).toEqual({ active: 0, unschedulable: 0 })
    w.loop.stop()
  })

  it('a pod that fits nowhere, decided while nodes keep changing, is parked once they stop: no endless re-deciding', async () => {
    const a = node('a', 100)
    const big = pod('big', { spec: { ...makePod().record().spec, resources: { cpu: 5000, memory: 10 } } })
    let decisions = 0
    const w = await world([a], [big], 3, (fn) => void setTimeout(fn, 1), {
      sliceMs: 0,
      onDecision: () => {
        // An operator relabels the node during each of the first three decisions.
        if (++decisions <= 3) w.state.apply({ nodes: [{ ...a, labels: { round: String(decisions) } }] })
      },
    })
    await vi.waitFor(() => expect(w.loop.depth).toEqual({ active: 0, unschedulable: 1 }), { timeout: 10_000, interval: 10 })
    await w.settle()
    expect(decisions).toBe(4) // three decided against a changed view, then one parked
    expect(w.state.pods.get(big.id)).toMatchObject({ status: 'Pending', reason: 'Unschedulable' })
    w.loop.stop()
  })

  it('stopped while deciding a batch, writes nothing of it', async () => {
    const pods = Array.from({ length: 6 }, (_, i) => pod(`s${i}`))
    let decisions = 0
    const w = await world([node('a')], pods, 6, undefined, {
      sliceMs: 0,
      onDecision: () => {
        // Half-way through the batch the loop is stopped (the lead lost).
        if (++decisions === 3) w.loop.stop()
      },
    })
    await w.settle() // the stopped loop is idle only once the cycle it was in has ended
    expect(decisions).toBe(6)
    expect(w.bound).toHaveLength(0)
    expect((await podsRepo.list(db)).every((p) => p.status === 'Pending')).toBe(true)
  })

  it('preempts in one write: victims back to Pending, their runs stopped, the preemptor bound, events naming both', async () => {
    const a = node('a', 1000)
    const low = pod('low', {
      priority: 1,
      status: 'Running',
      nodeId: a.id,
      incarnation: 3,
      spec: { ...makePod().record().spec, resources: { cpu: 600, memory: 10 } },
    })
    const w = await world([a], [low])
    await w.writes.run((tx) =>
      tx.putPod(pod('urgent', { priority: 7, spec: { ...low.spec, resources: { cpu: 600, memory: 10 } } })),
    )
    await w.settle()
    const urgent = [...w.state.pods.values()].find((p) => p.name === 'urgent')!
    expect(urgent).toMatchObject({ status: 'Scheduled', nodeId: a.id })
    expect(w.evicted.map((p) => [p.name, p.incarnation, p.nodeId])).toEqual([['low', 3, a.id]])
    // The victim fits nowhere now: it waits with a diagnosis.
    expect(w.state.pods.get(low.id)).toMatchObject({ status: 'Pending', nodeId: null, reason: 'Unschedulable' })
    const events = await eventsRepo.query(db, { category: 'scheduler', limit: 10 })
    expect(events.map((e) => [e.type, e.resourceName, e.message])).toEqual([
      ['PodPreempted', 'low', 'preempted by pod default/urgent (priority 7) on node a'],
      ['PodScheduled', 'urgent', 'assigned to node a, preempting default/low'],
      [
        'PodUnschedulable',
        'low',
        '0/1 nodes available: 1 insufficient cpu. Preemption found no lower-priority pods whose eviction makes room.',
      ],
    ])
    w.loop.stop()
  })

  it('a victim whose own binding was still in flight when it was chosen is evicted once bound: the node is never overcommitted', async () => {
    // a and b (priority 1) fill the node, one per batch; urgent (priority 5) commits together with
    // a's binding, so it is decided while b's binding is still in flight and picks b as the victim.
    const a = node('a', 1000)
    const cpu = (n: number) => ({ ...makePod().record().spec, resources: { cpu: n, memory: 10 } })
    let inject: (() => void) | undefined
    const w = await world(
      [a],
      [pod('a1', { priority: 1, spec: cpu(500), createdAt: 1 }), pod('b1', { priority: 1, spec: cpu(500), createdAt: 2 })],
      1,
      (fn) =>
        setImmediate(() => {
          fn()
          const once = inject
          inject = undefined
          once?.()
        }),
    )
    inject = () => void w.writes.run((tx) => tx.putPod(pod('urgent', { priority: 5, spec: cpu(500) })))
    commitDelayMs = 20
    await w.settle()
    const on = [...w.state.pods.values()].filter((p) => p.nodeId === a.id && (p.status === 'Scheduled' || p.status === 'Running'))
    expect(on.map((p) => p.name).sort()).toEqual(['a1', 'urgent'])
    expect(on.reduce((sum, p) => sum + p.spec.resources.cpu, 0)).toBeLessThanOrEqual(1000)
    expect(w.evicted.map((p) => [p.name, p.incarnation])).toEqual([['b1', 1]])
    w.loop.stop()
  })

  it('a failed write binds nothing; the pods are retried and bound', async () => {
    const w = await world([node('a')])
    await w.writes.run((tx) => tx.putPod(pod('x')))
    // The loop's cycle starts on the next turn: its binding write is the one that fails.
    failNextCommit = true
    await w.settle()
    expect(w.bound).toEqual([])
    expect(w.state.pods.get([...w.state.pods.keys()][0]!)!.status).toBe('Pending')
    await w.clock.advance(1000)
    await w.settle()
    expect(w.bound.map((p) => p.name)).toEqual(['x'])
    w.loop.stop()
  })

  it('a pod whose node went away before its binding committed is decided again, not forgotten', async () => {
    const a = node('a')
    let removeFirst: (() => void) | undefined
    // The loop decides on `a`; the write deleting `a` is queued just before the binding's, so the
    // binding finds no node when it runs.
    const w = await world([a], [pod('orphan')], 3, (fn) =>
      setImmediate(() => {
        const once = removeFirst
        removeFirst = undefined
        once?.()
        fn()
      }),
    )
    removeFirst = () => void w.writes.run((tx) => tx.deleteNode(a.id))
    await w.settle()
    expect(w.bound).toEqual([])
    expect(w.state.nodes.has(a.id)).toBe(false)
    // Still Pending and known to the loop: a node joining places it.
    const b = node('b')
    await nodesRepo.upsert(db, b)
    await w.writes.run((tx) => tx.putNode(b))
    await w.settle()
    expect(w.bound.map((p) => `${p.name}@${p.nodeId === b.id ? 'b' : p.nodeId}`)).toEqual(['orphan@b'])
    w.loop.stop()
  })
})
