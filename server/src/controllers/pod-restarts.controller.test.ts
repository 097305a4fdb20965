/** The restart controller on a real write path (PGlite) with a fake clock. */
import { randomUUID } from 'node:crypto'
import { silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { afterEach, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import { createClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue } from '../state/write-queue'
import { nodesRepo } from '../store/nodes'
import { podsRepo } from '../store/pods'
import type { NodeRecord, PodRecord } from '../store/records'
import { usersRepo } from '../store/users'
import { openTestPglite } from '../testing/databases'
import { createPodRestarts } from './pod-restarts'
import { insertTestPack } from '../testing/records'

const T = Date.UTC(2026, 0, 1)
let db: SqlClient
afterEach(() => db?.close())

/** A node (built by `node`) with `count` pods on it that ended as `ended` says, and a restart controller over them. */
async function setUp(node: ReturnType<typeof makeNode>, count: number, ended: Partial<PodRecord>) {
  db = await openTestPglite()
  let transactions = 0
  const counted: SqlClient = {
    ...db,
    transaction: (fn) => (transactions++, db.transaction(fn)),
  }
  const owner = (await usersRepo.insert(db, { email: 'o@example.com', passwordHash: 'x', role: 'user' })).id
  const pack = await insertTestPack(db, owner, { version: '1' })
  const n: NodeRecord = { ...node.record(), id: randomUUID(), ownerId: owner }
  await nodesRepo.upsert(db, n)
  const pods: PodRecord[] = Array.from({ length: count }, (_, i) => {
    const p = makePod(`p${i}`).requests(1000, 64).boundTo(n.id, 'Failed').record()
    return {
      ...p,
      ...ended,
      id: randomUUID(),
      ownerId: owner,
      packId: pack.id,
      incarnation: 1,
      startedAt: T - 60_000,
      finishedAt: T - 10_000,
      spec: { ...p.spec, restartPolicy: 'Always' as const },
    }
  })
  await podsRepo.upsertMany(db, pods)
  const clock = fakeClock(T)
  const state = createClusterState({ nodes: [n], pods, packs: [pack] })
  const writes = createWriteQueue({ db: counted, state, bus: createEventBus(), clock, log: silentLogger })
  const assigned: string[] = []
  const restarts = createPodRestarts({ state, writes, clock, log: silentLogger, assign: (p) => assigned.push(p.name) })
  return { state, writes, restarts, pods, assigned, transactions: () => transactions }
}

describe('pod restarts', () => {
  it('sends the pods of a node that went away back to the scheduler together, in one write', async () => {
    const { state, writes, restarts, pods, transactions } = await setUp(makeNode('n1').cpu(64_000), 40, {
      reason: 'NodeLost',
      message: 'node n1 is NotReady',
    })
    await writes.run((tx) => {
      tx.putNode({ ...tx.node(pods[0]!.nodeId!)!, status: 'NotReady' })
    })
    const before = transactions()
    restarts.start()
    await restarts.idle()
    await writes.drain()
    for (const p of pods) expect(state.pods.get(p.id)).toMatchObject({ status: 'Pending', reason: 'Rescheduling', nodeId: null })
    expect(transactions() - before).toBe(1)
    restarts.stop()
  }, 60_000)

  it('restarts pods that crashed on a node only as far as its room goes, even when looked at together', async () => {
    // Room for two of the five 1-CPU pods: two restart there, the other three go to the scheduler.
    const { state, writes, restarts, pods, assigned } = await setUp(makeNode('n1').cpu(2000), 5, {
      reason: 'Error',
      message: 'exited with code 1',
      exitCode: 1,
    })
    restarts.start()
    await restarts.idle()
    await writes.drain()
    const after = pods.map((p) => state.pods.get(p.id)!)
    expect(after.filter((p) => p.status === 'Scheduled' && p.nodeId === pods[0]!.nodeId)).toHaveLength(2)
    expect(after.filter((p) => p.status === 'Pending')).toHaveLength(3)
    expect(assigned).toHaveLength(2)
    restarts.stop()
  }, 60_000)
})
