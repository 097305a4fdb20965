/** Hostile pod output through the log store, on PGlite and PostgreSQL: cleaned, stored, and never at another pod's cost. */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import type { SqlClient } from '../db/sql'
import { podLogsRepo } from '../store/pod-logs'
import { packsRepo } from '../store/packs'
import { podsRepo } from '../store/pods'
import type { PodRecord } from '../store/records'
import { usersRepo } from '../store/users'
import { openTestDatabase, testEngines } from '../testing/databases'
import { createLogStore, DEFAULT_LOG_STORE, type LogLineOutcome } from './log-store'

const T0 = Date.UTC(2026, 11, 6, 5, 0, 0)
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/

describe.each(testEngines())('log store with hostile output on %s', (engine) => {
  let db: SqlClient
  let close: () => Promise<void>
  let pods: PodRecord[]

  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error(`no ${engine} database`)
    db = opened.db
    close = opened.close
    const user = await usersRepo.insert(db, { email: `log-store-${engine}@example.com`, passwordHash: 'x', role: 'user' })
    const bytes = new TextEncoder().encode('export default () => 1')
    const pack = await packsRepo.insert(
      db,
      {
        name: 'noisy',
        version: '1.0.0',
        ownerId: user.id,
        namespace: 'default',
        runtime: 'universal',
        visibility: 'private',
        sha256: 'e'.repeat(64),
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
    pods = [pod('hostile'), pod('good')]
    await podsRepo.upsertMany(db, pods)
  })
  afterAll(() => close?.())

  it('the database itself refuses NUL and lone surrogates (why lines are cleaned first)', async () => {
    const line = (text: string) => [{ podId: pods[0]!.id, incarnation: 1, ts: T0, stream: 'stdout' as const, line: text }]
    await expect(podLogsRepo.insertMany(db, line('a\u0000b'))).rejects.toThrow()
    await expect(podLogsRepo.insertMany(db, line('a\uD800b'))).rejects.toThrow()
  })

  it('cleans NUL, surrogates and escapes, cuts huge lines, and stores every line of the good pod in the same batch', async () => {
    const counts: Partial<Record<LogLineOutcome, number>> = {}
    const store = createLogStore(db, fakeClock(T0), silentLogger, {
      ...DEFAULT_LOG_STORE,
      onLines: (o, n) => void (counts[o] = (counts[o] ?? 0) + n),
    })
    const [hostile, good] = [pods[0]!, pods[1]!]
    const gone = randomUUID() // a pod deleted while its lines were buffered
    const hostileLines = [
      'nul\u0000here',
      'lone\uD800high',
      'lone\uDC00low',
      '\u001b]0;owned\u0007\u001b[2J\u001b[31mred\u001b[0m',
      'c1\u009b31m',
      'x'.repeat(200_000),
      'cr\rover',
    ]
    for (let i = 0; i < 50; i++) {
      store.append(hostile.id, 1, [{ ts: T0 + i, stream: 'stdout', line: hostileLines[i % hostileLines.length]! }])
      store.append(good.id, 1, [{ ts: T0 + i, stream: 'stdout', line: `line ${i}` }])
      store.append(gone, 1, [{ ts: T0 + i, stream: 'stderr', line: `ghost ${i}` }])
    }
    await store.flush()

    const goodLines = (await store.read({ podId: good.id })).map((l) => l.line)
    expect(goodLines).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`))
    const stored = (await store.read({ podId: hostile.id })).map((l) => l.line)
    expect(stored).toHaveLength(50)
    for (const l of stored) {
      expect(l).not.toMatch(RAW_CONTROL)
      expect(l).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
      expect(l.length).toBeLessThanOrEqual(16_384)
    }
    expect(stored.slice(0, 5)).toEqual([
      'nul\u2400here',
      'lone\uFFFDhigh',
      'lone\uFFFDlow',
      '\u241b]0;owned\u2407\u241b[2Jred',
      'c1\\u009b31m',
    ])
    expect(counts.cleaned).toBeGreaterThanOrEqual(40)
    expect(counts.dropped_unstorable).toBe(50)
  })
})
