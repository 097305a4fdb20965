/**
 * Leadership on a real PostgreSQL (a fresh database per test): one leader among several
 * elections, a new one when the leader stops or its lock connection is cut from the database,
 * a frozen leader (it stops renewing its lease but keeps its lock connection) replaced, and a
 * term that only grows. PGlite: the one server leads.
 */
import { realClock, silentLogger } from '@stark/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { openPostgres } from '../db/postgres-client'
import type { SqlClient } from '../db/sql'
import { openTestPglite, openTestPostgres, postgresTestUrl } from '../testing/databases'
import { createLeaderElection, type LeaderElection } from './leader-election'
import { embeddedSession, openPostgresSession } from './sessions'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {})
})

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

interface Candidate {
  id: string
  election: LeaderElection
  elected: number[]
  deposed: number[]
}

function candidate(
  id: string,
  openSession: () => ReturnType<typeof openPostgresSession>,
  leaseMs?: number,
  retryMs = 100,
): Candidate {
  const c: Candidate = {
    id,
    elected: [],
    deposed: [],
    election: createLeaderElection({
      serverId: id,
      openSession,
      clock: realClock,
      log: silentLogger,
      retryMs,
      checkMs: 100,
      checkTimeoutMs: 2000,
      ...(leaseMs ? { leaseMs } : {}),
      onElected: (t) => void c.elected.push(t),
      onDeposed: (t) => void c.deposed.push(t),
    }),
  }
  cleanups.push(() => c.election.stop())
  return c
}

const leaders = (cs: Candidate[]) => cs.filter((c) => c.election.isLeader)

describe.skipIf(!postgresTestUrl())('leader election on PostgreSQL', () => {
  let url = ''
  let db: SqlClient
  const open = async () => {
    const pg = await openTestPostgres()
    if (!pg) throw new Error('no database')
    cleanups.push(pg.drop)
    url = pg.url
    db = pg.db
  }

  it('elects exactly one of three; when it stops, another leads with a higher term', async () => {
    await open()
    const cs = ['a', 'b', 'c'].map((id) => candidate(id, () => openPostgresSession(url, id)))
    for (const c of cs) c.election.start()
    await until('a leader', () => leaders(cs).length === 1)
    // Several retry rounds later there is still exactly one.
    const first = leaders(cs)[0]!
    const firstTerm = first.election.term!
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 100))
      expect(leaders(cs)).toHaveLength(1)
    }
    const [row] = await db.query<{ term: string; server_id: string }>('select term, server_id from stark_leader')
    expect(Number(row!.term)).toBe(firstTerm)
    expect(row!.server_id).toBe(first.id)

    await first.election.stop()
    expect(first.deposed).toEqual([firstTerm])
    await until('a new leader', () => leaders(cs).length === 1)
    const second = leaders(cs)[0]!
    expect(second).not.toBe(first)
    expect(second.election.term!).toBeGreaterThan(firstTerm)
  }, 60_000)

  it('a follower waiting for the lock takes it as soon as the leader lets go, not at its next try', async () => {
    await open()
    const first = candidate('first', () => openPostgresSession(url, 'first'))
    await first.election.start()
    expect(first.election.isLeader).toBe(true)
    // Its tries are a minute apart: only a wait on the lock itself makes it lead within the test's patience.
    const waiting = candidate('waiting', () => openPostgresSession(url, 'waiting'), undefined, 60_000)
    void waiting.election.start()
    await until('the follower waiting on the lock', async () => {
      const rows = await db.query(
        `select 1 from pg_stat_activity where application_name = 'stark/waiting/leader' and wait_event_type = 'Lock'`,
      )
      return rows.length === 1
    })
    await first.election.stop()
    await until('the follower to lead', () => waiting.election.isLeader, 10_000)
    expect(waiting.election.term).toBe(first.elected[0]! + 1)
  }, 60_000)

  it('deposes a leader whose lock connection the database ends, and lets a follower take over', async () => {
    await open()
    const cs = ['p', 'q'].map((id) => candidate(id, () => openPostgresSession(url, id)))
    for (const c of cs) c.election.start()
    await until('a leader', () => leaders(cs).length === 1)
    const old = leaders(cs)[0]!
    const oldTerm = old.election.term!
    const admin = await openPostgres({ url, max: 1 })
    cleanups.push(() => admin.close())
    const cut = await admin.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1`,
      [`stark/${old.id}/leader`],
    )
    expect(cut).toEqual([{ ok: true }])
    await until('the old leader to step down', () => old.deposed.includes(oldTerm))
    await until('a new leader', () => leaders(cs).length === 1 && leaders(cs)[0]!.election.term! > oldTerm)
    // The deposed one keeps trying and follows: never two leaders.
    expect(leaders(cs)).toHaveLength(1)
  }, 60_000)

  it('ends the lock connection of a frozen leader and takes the lead with the next term', async () => {
    await open()
    // The frozen one: its session never answers again once frozen, but stays open (and holds the lock).
    let frozen = false
    const thaws: (() => void)[] = []
    const freezable = async (id: string) => {
      const s = await openPostgresSession(url, id)
      cleanups.push(() => s.close())
      const hang = () => new Promise<never>((_, reject) => thaws.push(() => reject(new Error('thawed'))))
      return {
        query: <T>(text: string, params?: readonly unknown[]) => (frozen ? hang() : s.query<T>(text, params)),
        close: () => (frozen ? hang() : s.close()),
      }
    }
    const old = candidate('frozen', () => freezable('frozen'), 600)
    await old.election.start()
    expect(old.election.isLeader).toBe(true)
    const oldTerm = old.election.term!
    const next = candidate('next', () => openPostgresSession(url, 'next'), 600)
    // Cleanups run last first: the frozen calls end (rejected) before the elections stop.
    cleanups.push(async () => {
      frozen = false
      for (const t of thaws) t()
    })
    next.election.start()
    frozen = true
    await until('the follower to lead', () => next.election.isLeader)
    expect(next.election.term).toBe(oldTerm + 1)
    // The frozen leader's lock connection was ended by the database (its backend goes a moment after the lock).
    await until(
      'the frozen leader’s lock connection gone',
      async () => (await db.query(`select 1 from pg_stat_activity where application_name = 'stark/frozen/leader'`)).length === 0,
    )
    const [row] = await db.query<{ server_id: string }>('select server_id from stark_leader')
    expect(row!.server_id).toBe('next')
  }, 60_000)
})

describe('leader election on PGlite', () => {
  it('the one embedded server leads, and its term grows with each start', async () => {
    const db = await openTestPglite()
    cleanups.push(() => db.close())
    const first = candidate('solo', async () => embeddedSession(db))
    first.election.start()
    await until('leading', () => first.election.isLeader)
    await first.election.stop()
    const again = candidate('solo', async () => embeddedSession(db))
    again.election.start()
    await until('leading again', () => again.election.isLeader)
    expect(again.election.term).toBe(first.elected[0]! + 1)
  }, 60_000)
})
