/** Event aggregation, the per-source rate limit, audit events and their retention, on PGlite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { eventsRepo, type NewEvent } from '../store/events'
import { openTestDatabase, testEngines } from '../testing/databases'
import { createEventRecorder, DEFAULT_EVENT_RECORDER } from './event-recorder'

const T0 = Date.UTC(2026, 11, 6, 5, 0, 0)

const podEvent = (pod: string, over: Partial<NewEvent> = {}): NewEvent => ({
  type: 'BackOff',
  category: 'pod',
  severity: 'warning',
  resourceType: 'pod',
  resourceId: `id-${pod}`,
  resourceName: pod,
  namespace: 'default',
  reason: 'CrashLoopBackOff',
  message: 'back-off restarting failed pod',
  createdAt: T0,
  ...over,
})

describe.each(testEngines())('event recorder on %s', (engine) => {
  let db: SqlClient
  let close: () => Promise<void>

  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error(`no ${engine} database`)
    db = opened.db
    close = opened.close
  })
  afterAll(() => close?.())

  const rowsOf = async (resourceId: string) => eventsRepo.query(db, { resourceId, limit: 1000 })

  it('folds a repeated event into one row with a count, first and last seen, and returns the update', async () => {
    const folded: Record<string, number> = {}
    const recorder = createEventRecorder(DEFAULT_EVENT_RECORDER, { onFolded: (o, n) => void (folded[o] = (folded[o] ?? 0) + n) })
    const first = await recorder.record(db, [podEvent('flappy'), podEvent('flappy')])
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ count: 2, createdAt: T0, lastSeen: T0 })
    let last = first
    for (let i = 1; i <= 50; i++) last = await recorder.record(db, [podEvent('flappy', { createdAt: T0 + i * 1000 })])
    expect(last).toEqual([expect.objectContaining({ id: first[0]!.id, count: 52, createdAt: T0, lastSeen: T0 + 50_000 })])
    const stored = await rowsOf('id-flappy')
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ count: 52, lastSeen: T0 + 50_000, message: 'back-off restarting failed pod' })
    expect(folded.aggregated).toBe(51)
    // A different message, reason or object is another event.
    await recorder.record(db, [
      podEvent('flappy', { message: 'other', createdAt: T0 + 51_000 }),
      podEvent('other', { createdAt: T0 + 51_000 }),
    ])
    expect(await rowsOf('id-flappy')).toHaveLength(2)
    // Past the window since it was last seen, a repeat starts a new row.
    await recorder.record(db, [podEvent('flappy', { createdAt: T0 + 50_000 + DEFAULT_EVENT_RECORDER.windowMs + 1 })])
    expect((await rowsOf('id-flappy')).map((e) => e.count)).toEqual([52, 1, 1])
  })

  it('limits the new rows one source writes; the rest are counted in one EventsThrottled row', async () => {
    const recorder = createEventRecorder({ ...DEFAULT_EVENT_RECORDER, burst: 5, refillMs: 60_000 })
    for (let i = 0; i < 300; i += 3) {
      await recorder.record(
        db,
        [0, 1, 2].map((k) => podEvent('noisy', { message: `distinct message ${i + k}`, createdAt: T0 + i })),
      )
    }
    const rows = await rowsOf('id-noisy')
    expect(rows.length).toBeLessThanOrEqual(5 + 1 + 1)
    const throttled = rows.find((e) => e.type === 'EventsThrottled')
    expect(throttled).toMatchObject({ severity: 'warning', reason: 'RateLimited', resourceName: 'noisy' })
    expect(rows.reduce((n, e) => n + e.count, 0)).toBe(300)
    // Another source is not affected.
    await recorder.record(db, [podEvent('quiet', { message: 'hello', createdAt: T0 + 3000 })])
    expect(await rowsOf('id-quiet')).toHaveLength(1)
  })

  it('records audit events in their own category, never throttled, with text cleaned', async () => {
    const recorder = createEventRecorder({ ...DEFAULT_EVENT_RECORDER, burst: 1, refillMs: 3_600_000 })
    const written = await recorder.record(
      db,
      Array.from({ length: 20 }, (_, i) => ({
        type: 'UserCreated',
        category: 'auth' as const,
        resourceType: 'user',
        resourceId: `u-${i}`,
        resourceName: `user${i}@example.com`,
        message: `created \u0000\u001b[2J\uD800 ${i}`,
        createdAt: T0,
      })),
    )
    expect(written).toHaveLength(20)
    expect(written.every((e) => e.category === 'audit')).toBe(true)
    expect(written[0]!.message).toBe('created \u2400\u241b[2J\uFFFD 0')
    const node = await recorder.record(db, [
      { type: 'NodeRegistered', category: 'node', resourceType: 'node', resourceId: 'n-1', resourceName: 'n1', createdAt: T0 },
    ])
    expect(node[0]!.category).toBe('audit')
  })

  it('count retention of ordinary events never removes audit events; audit has its own bounds', async () => {
    const recorder = createEventRecorder()
    const audit = await recorder.record(db, [
      {
        type: 'LoginFailed',
        category: 'auth',
        resourceType: 'user',
        resourceName: 'victim@example.com',
        message: 'wrong email or password',
        createdAt: T0,
      },
    ])
    // Pod noise far past the ordinary bound, from many sources.
    for (let batch = 0; batch < 20; batch++) {
      await recorder.record(
        db,
        Array.from({ length: 50 }, (_, i) => podEvent(`flood-${batch}-${i}`, { createdAt: T0 + batch })),
      )
    }
    await eventsRepo.prune(db, T0 - 1, 100)
    const ordinary = await eventsRepo.query(db, { excludeCategory: 'audit', limit: 10_000 })
    expect(ordinary).toHaveLength(100)
    const audits = await eventsRepo.query(db, { category: 'audit', limit: 10_000 })
    expect(audits.map((e) => e.id)).toContain(audit[0]!.id)
    await eventsRepo.pruneAudit(db, T0 - 1, 1)
    expect(await eventsRepo.query(db, { category: 'audit', limit: 10_000 })).toHaveLength(1)
    await eventsRepo.pruneAudit(db, T0 + 1, 1000)
    expect(await eventsRepo.query(db, { category: 'audit', limit: 10_000 })).toHaveLength(0)
  })
})
