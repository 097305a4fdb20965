/** Event queries (resource by name or id, severities, type, paging forward) and the pod log bounds, on PGlite and PostgreSQL. */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { openTestDatabase, testEngines } from '../testing/databases'
import { eventsRepo } from './events'
import { packsRepo } from './packs'
import { podLogsRepo } from './pod-logs'
import { podsRepo } from './pods'
import type { PodRecord } from './records'
import { usersRepo } from './users'

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0)

describe.each(testEngines())('event queries and log bounds on %s', (engine) => {
  let db: SqlClient
  let close: () => Promise<void>

  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error(`no ${engine} database`)
    db = opened.db
    close = opened.close
  })
  afterAll(() => close?.())

  it('events: a resource by name or id, several severities, a type, and forward pages', async () => {
    const inserted = await eventsRepo.insertMany(db, [
      {
        type: 'PodCreated',
        category: 'pod',
        resourceType: 'pod',
        resourceId: 'id-1',
        resourceName: 'web',
        namespace: 'default',
        createdAt: T0,
      },
      {
        type: 'PodFailed',
        category: 'pod',
        severity: 'warning',
        resourceType: 'pod',
        resourceId: 'id-1',
        resourceName: 'web',
        namespace: 'default',
        createdAt: T0 + 1,
      },
      {
        type: 'NodeOffline',
        category: 'node',
        severity: 'error',
        resourceType: 'node',
        resourceId: 'n-1',
        resourceName: 'n1',
        createdAt: T0 + 2,
      },
      {
        type: 'PodCreated',
        category: 'pod',
        resourceType: 'pod',
        resourceId: 'id-2',
        resourceName: 'web',
        namespace: 'team',
        createdAt: T0 + 3,
      },
    ])
    const types = (rows: { type: string }[]) => rows.map((e) => e.type)
    expect(
      types(await eventsRepo.query(db, { resourceType: 'pod', resourceRef: 'web', namespace: 'default', limit: 10 })),
    ).toEqual(['PodCreated', 'PodFailed'])
    expect(types(await eventsRepo.query(db, { resourceType: 'pod', resourceRef: 'id-2', limit: 10 }))).toEqual(['PodCreated'])
    expect(types(await eventsRepo.query(db, { severities: ['warning', 'error'], limit: 10 }))).toEqual([
      'PodFailed',
      'NodeOffline',
    ])
    expect((await eventsRepo.query(db, { type: 'PodCreated', limit: 10 })).map((e) => e.namespace)).toEqual(['default', 'team'])
    // The newest page by default; the first page from the start when paging forward.
    expect(types(await eventsRepo.query(db, { limit: 2 }))).toEqual(['NodeOffline', 'PodCreated'])
    expect(types(await eventsRepo.query(db, { limit: 2, forward: true, afterId: inserted[0]!.id - 1 }))).toEqual([
      'PodCreated',
      'PodFailed',
    ])
    expect(types(await eventsRepo.query(db, { limit: 2, forward: true, afterId: inserted[1]!.id }))).toEqual([
      'NodeOffline',
      'PodCreated',
    ])
    expect(types(await eventsRepo.query(db, { limit: 10, forward: true, since: T0 + 2 }))).toEqual(['NodeOffline', 'PodCreated'])
  })

  it('pod logs: the byte bound keeps the newest lines that fit, per pod', async () => {
    const user = await usersRepo.insert(db, { email: `logs-${engine}@example.com`, passwordHash: 'x', role: 'user' })
    const bytes = new TextEncoder().encode('export default () => 1')
    const pack = await packsRepo.insert(
      db,
      {
        name: 'logs',
        version: '1.0.0',
        ownerId: user.id,
        namespace: 'default',
        runtime: 'universal',
        visibility: 'private',
        sha256: 'd'.repeat(64),
        size: bytes.length,
        description: null,
      },
      bytes,
    )
    const pod = (name: string): PodRecord => ({
      id: randomUUID(),
      name,
      namespace: 'default',
      labels: {},
      ownerId: user.id,
      packId: pack!.id,
      status: 'Running',
      reason: null,
      message: null,
      nodeId: null,
      incarnation: 1,
      restarts: 0,
      priority: 0,
      spec: { resources: { cpu: 0, memory: 0 }, selector: {}, tolerations: [], env: {}, args: [], restartPolicy: 'Never' },
      exitCode: null,
      createdAt: T0,
      updatedAt: T0,
      scheduledAt: null,
      startedAt: null,
      finishedAt: null,
      deletedAt: null,
    })
    const [a, b] = [pod('chatty'), pod('quiet')]
    await podsRepo.upsertMany(db, [a, b])
    // Ten lines of 10 bytes for a, two for b; keep 35 bytes per pod → a keeps its last 3 lines, b both.
    const line = (i: number) => `line-${String(i).padStart(5, '0')}`
    await podLogsRepo.insertMany(db, [
      ...Array.from({ length: 10 }, (_, i) => ({
        podId: a.id,
        incarnation: 1,
        ts: Date.now(),
        stream: 'stdout' as const,
        line: line(i),
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        podId: b.id,
        incarnation: 1,
        ts: Date.now(),
        stream: 'stdout' as const,
        line: line(i),
      })),
    ])
    await podLogsRepo.prune(db, 0, 1000, 35)
    expect((await podLogsRepo.read(db, { podId: a.id })).map((l) => l.line)).toEqual([line(7), line(8), line(9)])
    expect((await podLogsRepo.read(db, { podId: b.id })).map((l) => l.line)).toEqual([line(0), line(1)])
  })
})
