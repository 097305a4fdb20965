/** The node-health controller on a real write path (PGlite) with a fake clock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '@stark/shared'
import { fakeClock, type FakeClock } from '@stark/shared/testing'
import type { SqlClient } from '../db/sql'
import { createClusterState, type ClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue, type WriteQueue } from '../state/write-queue'
import { openTestPglite } from '../testing/databases'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import { nodesRepo } from '../store/nodes'
import { podsRepo } from '../store/pods'
import type { EventRecord, NodeRecord, PodRecord } from '../store/records'
import { usersRepo } from '../store/users'
import { createNodeHealthController, type NodeHealthOptions } from './node-health'
import { insertTestPack } from '../testing/records'

let db: SqlClient
let clock: FakeClock
let state: ClusterState
let writes: WriteQueue
let events: EventRecord[]
const lastSeen = new Map<string, number>()

beforeEach(async () => {
  db = await openTestPglite()
  clock = fakeClock()
  state = createClusterState()
  const bus = createEventBus()
  events = []
  bus.subscribe((e) => events.push(e))
  writes = createWriteQueue({ db, state, bus, clock, log: silentLogger, defer: (fn) => queueMicrotask(fn) })
  lastSeen.clear()
})
afterEach(() => db.close())

async function addNodes(names: string[]) {
  const nodes: NodeRecord[] = names.map((n) => ({
    ...makeNode(n).owner(null).record(),
    id: crypto.randomUUID(),
    createdAt: clock.now(),
    updatedAt: clock.now(),
  }))
  for (const n of nodes) await nodesRepo.upsert(db, n)
  state.apply({ nodes })
  for (const n of nodes) lastSeen.set(n.id, clock.now())
  return nodes
}

function controller(options: Partial<NodeHealthOptions> = {}, base: Partial<NodeHealthOptions> = { checkEveryMs: 250 }) {
  return createNodeHealthController({
    state,
    writes,
    clock,
    log: silentLogger,
    lastSeen: (id) => lastSeen.get(id),
    disconnect: () => {},
    options: { startupGraceMs: 0, notReadyAfterMs: 10_000, evictAfterMs: 1000, ...base, ...options },
  })
}

/** A Running pod on `node` (with the user and pack it needs in the store). */
async function addPod(node: NodeRecord, restartPolicy: PodRecord['spec']['restartPolicy'] = 'Never'): Promise<PodRecord> {
  const owner = (await usersRepo.insert(db, { email: `${crypto.randomUUID()}@example.com`, passwordHash: 'x', role: 'user' })).id
  const pack = await insertTestPack(db, owner, { version: crypto.randomUUID() })
  const built = makePod().boundTo(node.id, 'Running').record()
  const pod: PodRecord = {
    ...built,
    spec: { ...built.spec, restartPolicy },
    id: crypto.randomUUID(),
    ownerId: owner,
    packId: pack.id,
    incarnation: 1,
  }
  await podsRepo.upsertMany(db, [pod])
  state.packs.set(pack.id, pack)
  state.apply({ pods: [pod] })
  return pod
}

const statusOf = (name: string) => state.nodeByName(name)?.status

/** Moves the fake clock and lets the real database writes the controller started land. */
async function tick(ms: number) {
  await clock.advance(ms)
  for (let i = 0; i < 3; i++) {
    await writes.drain()
    await new Promise((r) => setImmediate(r))
  }
}

describe('node health', () => {
  it('marks a silent node NotReady after the grace, Offline later', async () => {
    const [a, b] = await addNodes(['a', 'b'])
    const h = controller()
    h.start()
    for (let t = 0; t < 12; t++) {
      lastSeen.set(b!.id, clock.now())
      await tick(1000)
    }
    expect(statusOf('a')).toBe('NotReady')
    expect(statusOf('b')).toBe('Ready')
    for (let t = 0; t < 50; t++) {
      lastSeen.set(b!.id, clock.now())
      await tick(1000)
    }
    expect(statusOf('a')).toBe('Offline')
    expect(events.map((e) => e.type)).toEqual(['NodeNotReady', 'NodeOffline'])
    expect(a).toBeDefined()
    h.stop()
  })

  it('checks every tenth of the node grace unless told otherwise: NotReady within 10 % past it', async () => {
    await addNodes(['quiet'])
    const h = controller({ notReadyAfterMs: 2000 }, {})
    expect(h.options.checkEveryMs).toBe(200)
    expect(controller({}, {}).options.checkEveryMs).toBe(1000)
    const from = clock.now()
    h.start()
    while (statusOf('quiet') === 'Ready' && clock.now() - from < 10_000) await tick(50)
    expect(statusOf('quiet')).toBe('NotReady')
    expect(clock.now() - from).toBeGreaterThanOrEqual(2000)
    expect(clock.now() - from).toBeLessThanOrEqual(2250)
    h.stop()
  })

  it('pauses evictions when most nodes drop at once, and resumes when they are back', async () => {
    const nodes = await addNodes(['n1', 'n2', 'n3', 'n4'])
    const h = controller()
    h.start()
    // n4 keeps beating; n1..n3 fall silent together.
    for (let t = 0; t < 13; t++) {
      lastSeen.set(nodes[3]!.id, clock.now())
      await tick(1000)
    }
    expect(['n1', 'n2', 'n3'].map(statusOf)).toEqual(['NotReady', 'NotReady', 'NotReady'])
    expect(events.find((e) => e.type === 'EvictionsPaused')?.message).toMatch(/3 of 4 nodes dropped at once/)
    // They come back.
    await writes.run((tx) => {
      for (const n of nodes) tx.putNode({ ...tx.node(n.id)!, status: 'Ready' })
    })
    for (const n of nodes) lastSeen.set(n.id, clock.now())
    await tick(1000)
    expect(events.map((e) => e.type)).toContain('EvictionsResumed')
    h.stop()
  })

  it('does not count a node that died long ago as part of a new drop', async () => {
    const nodes = await addNodes(['old', 'x', 'y'])
    const h = controller()
    h.start()
    for (let t = 0; t < 30; t++) {
      lastSeen.set(nodes[1]!.id, clock.now())
      lastSeen.set(nodes[2]!.id, clock.now())
      await tick(1000)
    }
    expect(statusOf('old')).toBe('NotReady')
    // Now y drops too: 2 of 3 nodes are down, but not "at once".
    for (let t = 0; t < 13; t++) {
      lastSeen.set(nodes[1]!.id, clock.now())
      await tick(1000)
    }
    expect(statusOf('y')).toBe('NotReady')
    expect(events.map((e) => e.type)).not.toContain('EvictionsPaused')
    h.stop()
  })

  it('gives up the pods of a node whose socket closed when the eviction delay ends, not at the next round after it', async () => {
    const [a] = await addNodes(['a', 'b'])
    const pod = await addPod(a!)
    const always = await addPod(a!, 'Always')
    // Rounds far apart: only the wake at the end of the delay can evict in time.
    const h = controller({ checkEveryMs: 60_000 })
    h.start()
    await writes.run((tx) => tx.putNode({ ...tx.node(a!.id)!, status: 'NotReady', statusReason: 'Disconnected' }))
    await tick(999)
    expect(state.pods.get(pod.id)?.status).toBe('Running')
    await tick(1)
    expect(state.pods.get(pod.id)).toMatchObject({ status: 'Failed', reason: 'NodeLost' })
    // One its policy restarts is back with the scheduler in the same write (no restart controller runs here).
    expect(state.pods.get(always.id)).toMatchObject({ status: 'Pending', reason: 'Rescheduling', nodeId: null })
    expect((await podsRepo.history(db, always.id)).map((h) => `${h.status}/${h.reason}`)).toEqual([
      'Failed/NodeLost',
      'Pending/Rescheduling',
    ])
    h.stop()
  })

  it('counts a pod’s toleration of an unreachable node from when the node went down, across a server restart', async () => {
    const [a] = await addNodes(['a', 'b'])
    const pod = await addPod(a!)
    const tolerant = {
      ...pod,
      spec: {
        ...pod.spec,
        tolerations: [
          { key: 'stark.io/unreachable', operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 30 },
        ],
      },
    }
    await podsRepo.upsertMany(db, [tolerant])
    state.apply({ pods: [tolerant] })
    // The node went down 20 s before this server started: 10 s of its pod's 30 s are left.
    await writes.run((tx) => tx.putNode({ ...tx.node(a!.id)!, status: 'NotReady', statusReason: 'Disconnected' }))
    await tick(20_000)
    const h = controller()
    h.start()
    await tick(9_000)
    expect(state.pods.get(pod.id)?.status).toBe('Running')
    await tick(2_000)
    expect(state.pods.get(pod.id)).toMatchObject({ status: 'Failed', reason: 'NodeLost' })
    h.stop()
  })
})
