import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { realClock, silentLogger } from '@stark/shared'
import type { SqlClient } from '../db/sql'
import { conflict, StarkError } from '../errors'
import { newPendingPod } from '../pods/pending-pod'
import { openTestPglite } from '../testing/databases'
import { podsRepo } from '../store/pods'
import { eventsRepo } from '../store/events'
import type { PodRecord } from '../store/records'
import { usersRepo } from '../store/users'
import { createClusterState, type ClusterState } from './cluster-state'
import { createEventBus } from './event-bus'
import { createWriteQueue } from './write-queue'
import { insertTestPack } from '../testing/records'

let db: SqlClient
let state: ClusterState
let owner: string
let packId: string
let transactions = 0

function counted(inner: SqlClient): SqlClient {
  return { ...inner, transaction: (fn) => (transactions++, inner.transaction(fn)) }
}

const pod = (name: string): PodRecord =>
  newPendingPod(
    {
      id: randomUUID(),
      name,
      namespace: 'default',
      ownerId: owner,
      packId,
      spec: { resources: { cpu: 1, memory: 1 }, selector: {}, tolerations: [], env: {}, args: [], restartPolicy: 'Never' },
    },
    1,
  )

beforeEach(async () => {
  db = await openTestPglite()
  owner = (await usersRepo.insert(db, { email: 'o@e.c', passwordHash: 'x', role: 'user' })).id
  packId = (await insertTestPack(db, owner)).id
  state = createClusterState()
  transactions = 0
})
afterEach(() => db.close())

function queue(client: SqlClient = counted(db)) {
  const bus = createEventBus()
  const published: string[] = []
  bus.subscribe((e) => published.push(e.type))
  return { q: createWriteQueue({ db: client, state, bus, clock: realClock, log: silentLogger }), published }
}

describe('write queue', () => {
  it('writes everything queued in one tick in one transaction, then updates state and publishes', async () => {
    const { q, published } = queue()
    const pods = Array.from({ length: 100 }, (_, i) => pod(`p${i}`))
    const seenBeforeCommit: boolean[] = []
    await Promise.all(
      pods.map((p) =>
        q.run((tx) => {
          seenBeforeCommit.push(state.pods.has(p.id))
          tx.putPod(p)
          tx.event({ type: 'PodCreated', category: 'pod', resourceId: p.id })
        }),
      ),
    )
    expect(transactions).toBe(1)
    expect(seenBeforeCommit.every((s) => !s)).toBe(true)
    expect(state.pods.size).toBe(100)
    expect((await podsRepo.list(db)).length).toBe(100)
    expect(published).toHaveLength(100)
    expect((await eventsRepo.query(db, { limit: 1000 })).length).toBe(100)
  })

  it('lets a function read what an earlier one in the same batch staged', async () => {
    const { q } = queue()
    const p = pod('x')
    const [, seen] = await Promise.all([q.run((tx) => tx.putPod(p)), q.run((tx) => tx.pod(p.id)?.name)])
    expect(seen).toBe('x')
  })

  it('fails a function that throws a domain error alone; the rest commit', async () => {
    const { q } = queue()
    const ok = pod('ok')
    const results = await Promise.allSettled([
      q.run((tx) => tx.putPod(ok)),
      q.run(() => {
        throw conflict('nope')
      }),
    ])
    expect(results[0].status).toBe('fulfilled')
    expect(results[1].status === 'rejected' && results[1].reason).toBeInstanceOf(StarkError)
    expect(state.pods.has(ok.id)).toBe(true)
    expect(transactions).toBe(1)
  })

  it('retries one by one after a SQL failure so only the culprit fails', async () => {
    const { q } = queue()
    const good = [pod('a'), pod('b')]
    const results = await Promise.allSettled([
      q.run((tx) => tx.putPod(good[0]!)),
      q.run(async (tx) => {
        await tx.sql.query('select * from no_such_table')
      }),
      q.run((tx) => tx.putPod(good[1]!)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await podsRepo.list(db)).map((p) => p.name).sort()).toEqual(['a', 'b'])
    expect(state.pods.size).toBe(2)
  })

  it('a pod deleted in the batch that also wrote its history commits without a failed batch (its history goes with it)', async () => {
    const warnings: string[] = []
    const log = { ...silentLogger, warn: (msg: string) => void warnings.push(msg), child: () => log }
    const q = createWriteQueue({ db: counted(db), state, bus: createEventBus(), clock: realClock, log })
    const p = pod('doomed')
    await q.run((tx) => tx.putPod(p))
    transactions = 0
    // What deleting a service does: a pod's last status (with history) and its removal, queued together.
    const results = await Promise.allSettled([
      q.run((tx) => {
        tx.putPod({ ...tx.pod(p.id)!, status: 'Stopped' })
        tx.history({ podId: p.id, incarnation: 0, status: 'Stopped', reason: 'Deleted', message: null, nodeId: null })
      }),
      q.run((tx) => tx.deletePod(p.id)),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
    expect(warnings).toEqual([])
    expect(transactions).toBe(1)
    expect(state.pods.has(p.id)).toBe(false)
    expect(await podsRepo.list(db)).toEqual([])
  })

  it('answers 503 (unavailable) and changes nothing in memory when the database is unreachable', async () => {
    const down: SqlClient = {
      ...db,
      transaction: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
      },
    }
    const { q } = queue(down)
    const p = pod('lost')
    const error = await q.run((tx) => tx.putPod(p)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StarkError)
    expect((error as StarkError).status).toBe(503)
    expect(state.pods.has(p.id)).toBe(false)
  })

  it('drain waits for everything queued', async () => {
    const { q } = queue()
    void q.run((tx) => tx.putPod(pod('late')))
    await q.drain()
    expect(state.pods.size).toBe(1)
  })
})

describe('write queue correlation ids', () => {
  it('events take the id of the request that queued the change, unless they carry their own', async () => {
    let current: string | undefined = 'req-1'
    const bus = createEventBus()
    const q = createWriteQueue({ db, state, bus, clock: realClock, log: silentLogger, correlationId: () => current })
    const a = q.run((tx) => tx.event({ type: 'A', category: 'system' }))
    current = 'req-2'
    const b = q.run((tx) => tx.event({ type: 'B', category: 'system', correlationId: 'explicit' }))
    current = undefined
    const c = q.run((tx) => tx.event({ type: 'C', category: 'system' }))
    await Promise.all([a, b, c])
    const stored = await eventsRepo.query(db, { category: 'system', limit: 10 })
    expect(stored.map((e) => [e.type, e.correlationId])).toEqual([
      ['A', 'req-1'],
      ['B', 'explicit'],
      ['C', null],
    ])
  })
})
