/**
 * A pod placed in the write that creates it (scheduling-loop.ts, placeAtCreate), on real PGlite
 * and PostgreSQL: created and bound in one commit when a node fits, with the history and events of
 * both; left Pending for the loop when none fits, when pods wait for a cycle, or when this server's
 * term has passed (the loop's writes are refused then too); and a placement whose write failed
 * gives its room back.
 */
import { randomUUID } from 'node:crypto'
import { seededRng, silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Principal } from '../auth/principal'
import type { SqlClient } from '../db/sql'
import { createPodOps } from '../pods/pod-ops'
import { createClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue } from '../state/write-queue'
import { nodesRepo } from '../store/nodes'
import { podsRepo } from '../store/pods'
import type { PackRecord, PodRecord, UserRecord } from '../store/records'
import { usersRepo } from '../store/users'
import { openTestDatabase, testEngines } from '../testing/databases'
import { insertTestPack, newReadyNode } from '../testing/records'
import { createNodeConnections } from '../ws/node-connections'
import { createSchedulerCache } from './cache'
import { defaultPlugins } from './registry'
import { createSchedulingLoop } from './scheduling-loop'

describe.each(testEngines())('placing a pod at its creation (%s)', (engine) => {
  let real: SqlClient
  let close: () => Promise<void>
  let user: UserRecord
  let pack: PackRecord
  /** Faults come from a wrapper around the injected database: the next commit fails. */
  let failNextCommit = false
  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error('no database')
    real = opened.db
    close = opened.close
    user = await usersRepo.insert(real, { email: `${randomUUID()}@example.com`, passwordHash: 'x', role: 'admin' })
    pack = await insertTestPack(real, user.id, { name: `app-${randomUUID().slice(0, 8)}` })
  }, 60_000)
  afterAll(() => close?.())

  const db = (): SqlClient => ({
    ...real,
    transaction: (fn) =>
      real.transaction(async (tx) => {
        const result = await fn(tx)
        if (failNextCommit) {
          failNextCommit = false
          throw new Error('injected commit failure')
        }
        return result
      }),
  })
  const term = async () => Number((await real.query<{ term: string }>('select term from stark_leader where id = 1'))[0]!.term)
  const bumpTerm = () => real.query('update stark_leader set term = term + 1')

  async function world(cpu: number, options: { term?: number } = {}) {
    const node = newReadyNode({ name: `n-${randomUUID().slice(0, 8)}`, ownerId: user.id }, Date.now())
    node.allocatable = { ...node.allocatable, cpu }
    await nodesRepo.upsert(real, node)
    const state = createClusterState({ users: [user], packs: [pack], nodes: [node] })
    const clock = fakeClock()
    let commits = 0
    const writes = createWriteQueue({
      db: db(),
      state,
      bus: createEventBus(),
      clock,
      log: silentLogger,
      onCommit: () => void commits++,
    })
    const bound: PodRecord[] = []
    const loop = createSchedulingLoop({
      state,
      writes: options.term === undefined ? writes : writes.asLeader(options.term),
      cache: createSchedulerCache(state),
      plugins: defaultPlugins(),
      rng: seededRng(1),
      clock,
      log: silentLogger,
      onBound: (p) => bound.push(p),
      ...(options.term !== undefined ? { term: options.term } : {}),
    })
    const pods = createPodOps({
      writes,
      state,
      connections: createNodeConnections(),
      rng: seededRng(2),
      newId: randomUUID,
      placement: { place: loop.placeAtCreate, forget: loop.forgetPlacement },
    })
    const principal: Principal = { kind: 'user', id: user.id, role: 'admin', email: user.email, sessionId: 's', user }
    const create = (name: string, podCpu = 1000) =>
      pods.create(principal, { pack: pack.name, name, resources: { cpu: podCpu, memory: 16 } })
    return { node, state, loop, bound, create, commits: () => commits }
  }

  const history = async (podId: string) =>
    (
      await real.query<{ incarnation: number; status: string }>(
        'select incarnation, status from pod_history where pod_id = $1 order by id',
        [podId],
      )
    ).map((h) => `${h.status}#${h.incarnation}`)

  it('creates and binds in one commit when a node fits, with the history and events of both', async () => {
    const w = await world(4000)
    const pod = await w.create(`fits-${randomUUID().slice(0, 8)}`)
    expect(pod.status).toBe('Scheduled')
    expect(pod.nodeId).toBe(w.node.id)
    expect(pod.incarnation).toBe(1)
    expect(w.commits()).toBe(1)
    expect(w.bound.map((p) => p.id)).toEqual([pod.id])
    const [stored] = await podsRepo.byIds(real, [pod.id])
    expect(stored).toMatchObject({ status: 'Scheduled', nodeId: w.node.id, incarnation: 1 })
    expect(await history(pod.id)).toEqual(['Pending#0', 'Scheduled#1'])
    const events = await real.query<{ type: string }>('select type from events where resource_id = $1 order by id', [pod.id])
    expect(events.map((e) => e.type)).toEqual(['PodCreated', 'PodScheduled'])
    w.loop.stop()
  })

  it('leaves a pod no node fits Pending, for the loop to diagnose', async () => {
    const w = await world(500)
    const pod = await w.create(`big-${randomUUID().slice(0, 8)}`)
    expect(pod.status).toBe('Pending')
    await w.loop.idle()
    expect(w.loop.depth.unschedulable).toBe(1)
    w.loop.stop()
  })

  it('places nothing once this server no longer leads: the pod stays Pending and unbound', async () => {
    const w = await world(4000, { term: await term() })
    const first = await w.create(`led-${randomUUID().slice(0, 8)}`)
    expect(first.status).toBe('Scheduled')
    await bumpTerm()
    const late = await w.create(`fenced-${randomUUID().slice(0, 8)}`)
    expect(late.status).toBe('Pending')
    await w.loop.idle()
    const [stored] = await podsRepo.byIds(real, [late.id])
    expect(stored).toMatchObject({ status: 'Pending', nodeId: null, incarnation: 0 })
    expect(w.bound.map((p) => p.id)).toEqual([first.id])
    w.loop.stop()
  })

  it('gives the room of a placement whose write failed back', async () => {
    const w = await world(1000)
    failNextCommit = true
    await expect(w.create(`lost-${randomUUID().slice(0, 8)}`)).rejects.toThrow(/injected commit failure/)
    // The node holds one such pod: had the failed placement kept its room, this one would wait.
    const pod = await w.create(`next-${randomUUID().slice(0, 8)}`)
    expect(pod.status).toBe('Scheduled')
    w.loop.stop()
  })
})
