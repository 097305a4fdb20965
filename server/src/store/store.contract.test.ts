/**
 * The store contract: every repository behaves the same on PGlite and on a real PostgreSQL
 * (STARK_TEST_DATABASE_URL). One suite, both engines.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../db/migrate'
import type { SqlClient } from '../db/sql'
import { newPendingPod } from '../pods/pending-pod'
import { openTestDatabase, testEngines } from '../testing/databases'
import { eventsRepo } from './events'
import { namespacesRepo } from './namespaces'
import { nodesRepo } from './nodes'
import { packsRepo } from './packs'
import { podLogsRepo } from './pod-logs'
import { podsRepo } from './pods'
import type { NodeRecord, PodRecord } from './records'
import { settingsRepo } from './settings'
import { sessionsRepo, usersRepo } from './users'

const T0 = Date.UTC(2026, 10, 1, 12, 0, 0)

function makePod(over: Partial<PodRecord> & Pick<PodRecord, 'ownerId' | 'packId'>): PodRecord {
  const spec = {
    resources: { cpu: 100, memory: 64 },
    selector: {},
    tolerations: [],
    env: { A: '1' },
    args: [],
    restartPolicy: 'Never' as const,
  }
  const pod = {
    id: randomUUID(),
    name: `p-${randomUUID().slice(0, 8)}`,
    namespace: 'default',
    ownerId: over.ownerId,
    packId: over.packId,
    spec,
  }
  return { ...newPendingPod(pod, T0), ...over }
}

function makeNode(over: Partial<NodeRecord> = {}): NodeRecord {
  return {
    id: randomUUID(),
    name: `n-${randomUUID().slice(0, 8)}`,
    runtime: 'node',
    ownerId: null,
    status: 'Ready',
    labels: { zone: 'a' },
    taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }],
    allocatable: { cpu: 2000, memory: 4096, pods: 20 },
    unschedulable: false,
    trusted: false,
    agentVersion: '0.1.0',
    lastHeartbeatAt: T0,
    connectedAt: T0,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  }
}

describe.each(testEngines())('store contract on %s', (engine) => {
  let db: SqlClient
  let close: () => Promise<void>
  let userId: string
  let packId: string

  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error(`no ${engine} database`)
    db = opened.db
    close = opened.close
    const user = await usersRepo.insert(db, { email: 'owner@example.com', passwordHash: 'x', role: 'user' })
    userId = user.id
    const pack = await packsRepo.insert(
      db,
      {
        name: 'base',
        version: '1.0.0',
        ownerId: userId,
        namespace: 'default',
        runtime: 'node',
        visibility: 'private',
        sha256: 'a'.repeat(64),
        size: 3,
        description: null,
      },
      new Uint8Array([1, 2, 3]),
    )
    packId = pack!.id
  })
  afterAll(() => close?.())

  it('re-running migrations applies nothing', async () => {
    expect(await migrate(db)).toEqual([])
  })

  it('users: the first-admin insert works only while no user exists', async () => {
    expect(await usersRepo.insertFirst(db, { email: 'late@example.com', passwordHash: 'x', role: 'admin' })).toBeNull()
    await expect(usersRepo.insert(db, { email: 'owner@example.com', passwordHash: 'y', role: 'user' })).rejects.toThrow()
    const updated = await usersRepo.update(db, userId, { disabled: true })
    expect(updated?.disabled).toBe(true)
    await usersRepo.update(db, userId, { disabled: false })
    expect((await usersRepo.list(db)).map((u) => u.email)).toContain('owner@example.com')
  })

  it('sessions: insert, rotate, revoke, list active', async () => {
    const s = await sessionsRepo.insert(db, { userId, refreshHash: 'h1', expiresAt: Date.now() + 60_000 })
    await sessionsRepo.rotate(db, s.id, 'h2', Date.now() + 120_000)
    let active = await sessionsRepo.listActive(db, Date.now())
    expect(active.find((a) => a.id === s.id)?.refreshHash).toBe('h2')
    await sessionsRepo.revoke(db, s.id, Date.now())
    active = await sessionsRepo.listActive(db, Date.now())
    expect(active.find((a) => a.id === s.id)).toBeUndefined()
  })

  it('settings: getOrCreate keeps the first value', async () => {
    expect(await settingsRepo.getOrCreate(db, 'k', () => 'first')).toBe('first')
    expect(await settingsRepo.getOrCreate(db, 'k', () => 'second')).toBe('first')
    await settingsRepo.set(db, 'k', { nested: [1, 2] })
    expect(await settingsRepo.get(db, 'k')).toEqual({ nested: [1, 2] })
  })

  it('namespaces: default and system exist; create is idempotent', async () => {
    const names = (await namespacesRepo.list(db)).map((n) => n.name)
    expect(names).toEqual(expect.arrayContaining(['default', 'system']))
    expect(await namespacesRepo.insert(db, { name: 'team-a', ownerId: userId })).not.toBeNull()
    expect(await namespacesRepo.insert(db, { name: 'team-a', ownerId: userId })).toBeNull()
  })

  it('packs: versions are immutable and bundles deduplicated by sha256', async () => {
    const bytes = new TextEncoder().encode('export default () => 1')
    const base = {
      name: 'p',
      ownerId: userId,
      namespace: 'default',
      runtime: 'universal' as const,
      visibility: 'public' as const,
      sha256: 'b'.repeat(64),
      size: bytes.length,
      description: 'd',
    }
    const v1 = await packsRepo.insert(db, { ...base, version: '1.0.0' }, bytes)
    const v2 = await packsRepo.insert(db, { ...base, version: '2.0.0' }, bytes)
    expect(v1?.sha256).toBe(v2?.sha256)
    expect(await packsRepo.insert(db, { ...base, version: '1.0.0' }, bytes)).toBeNull()
    const stored = await packsRepo.bundle(db, 'b'.repeat(64))
    expect(new TextDecoder().decode(stored!)).toBe('export default () => 1')
    expect(await packsRepo.bundle(db, 'c'.repeat(64))).toBeNull()
    expect((await packsRepo.list(db)).filter((p) => p.name === 'p').map((p) => p.version)).toEqual(['1.0.0', '2.0.0'])
  })

  it('nodes: upsert round-trips every field; heartbeats are written in batches', async () => {
    const n = makeNode({ ownerId: userId })
    await nodesRepo.upsert(db, n)
    await nodesRepo.upsert(db, { ...n, status: 'NotReady', labels: { zone: 'b' }, unschedulable: true, updatedAt: T0 + 5 })
    await nodesRepo.touchHeartbeats(db, [{ id: n.id, at: T0 + 9000 }])
    const back = (await nodesRepo.list(db)).find((x) => x.id === n.id)!
    expect(back).toMatchObject({
      name: n.name,
      status: 'NotReady',
      labels: { zone: 'b' },
      unschedulable: true,
      taints: n.taints,
      allocatable: n.allocatable,
    })
    expect(back.lastHeartbeatAt).toBe(T0 + 9000)
  })

  it('pods: upsertMany inserts and updates many (labels too) in one statement; history and deletes', async () => {
    const node = makeNode()
    await nodesRepo.upsert(db, node)
    const pods = Array.from({ length: 50 }, () => makePod({ ownerId: userId, packId }))
    await podsRepo.upsertMany(db, pods)
    const bound = pods.map((p) => ({
      ...p,
      status: 'Scheduled' as const,
      nodeId: node.id,
      incarnation: 1,
      scheduledAt: T0 + 1000,
      updatedAt: T0 + 1000,
      labels: { app: 'web', 'stark.io/service': 'web' },
    }))
    await podsRepo.upsertMany(db, bound)
    await podsRepo.insertHistory(
      db,
      bound.map((p) => ({
        podId: p.id,
        incarnation: 1,
        status: 'Scheduled',
        reason: null,
        message: null,
        nodeId: node.id,
        at: T0 + 1000,
      })),
    )
    const all = await podsRepo.list(db)
    const back = all.find((p) => p.id === pods[0]!.id)!
    expect(back).toEqual(bound[0])
    expect(all.filter((p) => p.nodeId === node.id)).toHaveLength(50)
    expect(await podsRepo.history(db, pods[0]!.id)).toEqual([
      { podId: pods[0]!.id, incarnation: 1, status: 'Scheduled', reason: null, message: null, nodeId: node.id, at: T0 + 1000 },
    ])
    await podsRepo.deleteMany(
      db,
      pods.slice(0, 10).map((p) => p.id),
    )
    expect((await podsRepo.list(db)).filter((p) => p.nodeId === node.id)).toHaveLength(40)
    await expect(podsRepo.upsertMany(db, [makePod({ ownerId: userId, packId, name: pods[20]!.name })])).rejects.toThrow()
  })

  it('pods: writeMany updates only the run columns of pods whose spec and labels it was based on, and upserts the rest', async () => {
    const node = makeNode()
    await nodesRepo.upsert(db, node)
    const pods = Array.from({ length: 4 }, () => makePod({ ownerId: userId, packId }))
    const stored = new Map<string, PodRecord>()
    await podsRepo.writeMany(db, pods, (id) => stored.get(id))
    for (const p of pods) stored.set(p.id, p)
    // Another writer changes a spec behind this one's back: a binding based on the old record leaves it.
    await db.query(`update pods set spec = jsonb_set(spec, '{env,A}', '"2"') where id = $1`, [pods[0]!.id])
    const bound = pods.map((p) => ({ ...p, status: 'Scheduled' as const, nodeId: node.id, incarnation: 1, updatedAt: T0 + 5 }))
    // The last one also gets new labels: it is written whole.
    bound[3] = { ...bound[3]!, labels: { tier: 'db' } }
    await podsRepo.writeMany(db, bound, (id) => stored.get(id))
    const back = new Map((await podsRepo.list(db)).map((p) => [p.id, p]))
    expect(back.get(pods[0]!.id)).toMatchObject({ status: 'Scheduled', nodeId: node.id, incarnation: 1, updatedAt: T0 + 5 })
    expect(back.get(pods[0]!.id)!.spec.env).toEqual({ A: '2' })
    expect(back.get(pods[1]!.id)).toEqual(bound[1])
    expect(back.get(pods[3]!.id)).toEqual(bound[3])
    // A pod it has not stored before is inserted.
    const fresh = makePod({ ownerId: userId, packId })
    await podsRepo.writeMany(db, [fresh], (id) => stored.get(id))
    expect((await podsRepo.list(db)).find((p) => p.id === fresh.id)).toEqual(fresh)
  })

  it('events: batch insert keeps order and ids; queries filter, page and prune', async () => {
    const inserted = await eventsRepo.insertMany(db, [
      { type: 'A', category: 'pod', resourceType: 'pod', resourceId: 'x', resourceName: 'one', createdAt: T0 },
      { type: 'B', category: 'node', severity: 'warning', resourceName: 'two', ownerId: userId, createdAt: T0 + 1 },
      { type: 'C', category: 'pod', resourceType: 'pod', resourceId: 'x', resourceName: 'one', createdAt: T0 + 2 },
    ])
    expect(inserted.map((e) => e.type)).toEqual(['A', 'B', 'C'])
    expect(inserted[1]!.id).toBeGreaterThan(inserted[0]!.id)
    // What it returns is what a read gives.
    expect(
      await eventsRepo.byIds(
        db,
        inserted.map((e) => e.id),
      ),
    ).toEqual(inserted)
    const forPod = await eventsRepo.query(db, { resourceType: 'pod', resourceId: 'x', limit: 10 })
    expect(forPod.map((e) => e.type)).toEqual(['A', 'C'])
    expect((await eventsRepo.query(db, { category: 'node', limit: 10 }))[0]).toMatchObject({
      type: 'B',
      severity: 'warning',
      ownerId: userId,
    })
    expect((await eventsRepo.query(db, { afterId: inserted[0]!.id, limit: 1 })).map((e) => e.type)).toEqual(['C'])
    expect((await eventsRepo.query(db, { visibleTo: userId, limit: 10 })).map((e) => e.type)).toEqual(['B'])
    await eventsRepo.prune(db, T0 + 1, 1000)
    expect((await eventsRepo.query(db, { limit: 10 })).map((e) => e.type)).toEqual(['B', 'C'])
  })

  it('pod logs: ordered reads with tail, since and incarnation; pruning keeps the newest', async () => {
    const pod = makePod({ ownerId: userId, packId })
    await podsRepo.upsertMany(db, [pod])
    await podLogsRepo.insertMany(
      db,
      Array.from({ length: 30 }, (_, i) => ({
        podId: pod.id,
        incarnation: i < 20 ? 1 : 2,
        ts: T0 + i * 1000,
        stream: i % 2 ? ('stderr' as const) : ('stdout' as const),
        line: `line ${i}`,
      })),
    )
    expect((await podLogsRepo.read(db, { podId: pod.id })).map((l) => l.line)).toEqual(
      Array.from({ length: 30 }, (_, i) => `line ${i}`),
    )
    expect((await podLogsRepo.read(db, { podId: pod.id, tail: 3 })).map((l) => l.line)).toEqual(['line 27', 'line 28', 'line 29'])
    expect((await podLogsRepo.read(db, { podId: pod.id, incarnation: 2 })).length).toBe(10)
    expect((await podLogsRepo.read(db, { podId: pod.id, since: T0 + 25_000 })).map((l) => l.line)).toEqual([
      'line 25',
      'line 26',
      'line 27',
      'line 28',
      'line 29',
    ])
    await podLogsRepo.prune(db, 0, 5)
    expect((await podLogsRepo.read(db, { podId: pod.id })).map((l) => l.line)).toEqual([
      'line 25',
      'line 26',
      'line 27',
      'line 28',
      'line 29',
    ])
  })

  it('row-level security is enabled on every table', async () => {
    const rows = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'`,
    )
    expect(rows.length).toBeGreaterThanOrEqual(12)
    expect(rows.filter((r) => !r.relrowsecurity).map((r) => r.relname)).toEqual([])
  })
})
