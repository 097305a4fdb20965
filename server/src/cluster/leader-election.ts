/**
 * Exactly one leader among the servers on one PostgreSQL: the one holding a session-level
 * advisory lock on a dedicated connection. Taking the lock bumps the leader term (table
 * `stark_leader`), and every write the leader's scheduler and controllers make carries that term,
 * so once another server has taken over, a deposed leader's late writes are refused (fencing).
 *
 * Followers wait for the lock on their connection, `retryMs` at a time (`lock_timeout`), so the
 * lock passes on as soon as the database releases it. The leader checks its lock connection every
 * `checkMs` and steps down when the check fails or does not answer within `checkTimeoutMs`: it
 * closes that connection (which releases the lock on the database's side) and stops its
 * controllers. A timer that fires late because the process was busy gives an answer that arrived
 * meanwhile one more turn before it counts as none.
 *
 * The check also renews the leader's lease (`stark_leader.renewed_at`, by the database's clock).
 * A leader whose process is frozen keeps its connection, and so the lock, but stops renewing: a
 * follower that finds the lease older than `leaseMs` ends the lock holder's backend
 * (`pg_terminate_backend` on the pid in `pg_locks`), which releases the lock, and takes it with
 * the next term. The frozen leader, when it runs again, finds its connection gone and steps down;
 * its late writes carry the old term and are refused.
 */
import type { Clock, Logger, Timer } from '@stark/shared'

/** One dedicated database session (the lock lives and dies with it). */
export interface LeaderSession {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>
  close(): Promise<void>
}

export interface LeaderElectionDeps {
  openSession(): Promise<LeaderSession>
  serverId: string
  clock: Clock
  log: Logger
  /** Called with the new term once this server leads; the returned promise is awaited before the next check. */
  onElected(term: number): void | Promise<void>
  /** Called when this server stops leading (lost connection, failed check, or stop()). */
  onDeposed(term: number, reason: string): void | Promise<void>
  /**
   * One server alone on its store (the embedded PGlite, or a database handed in): it takes the lead
   * (bumping the term) without a lock and keeps it until it stops.
   */
  solo?: boolean
  /** How long a follower waits for the lock at a time before it looks at the lease (default 1000 ms). */
  retryMs?: number
  checkMs?: number
  checkTimeoutMs?: number
  /** A lease not renewed for this long is the lease of a frozen leader (default 3000 ms). */
  leaseMs?: number
}

/** Arbitrary but fixed: the advisory lock key of the leader (the migrations use another). */
export const LEADER_LOCK = 727_274_002

/** PostgreSQL's lock_not_available: a lock wait ended by `lock_timeout`. */
const isLockTimeout = (error: unknown) => (error as { code?: unknown } | null)?.code === '55P03'

export interface LeaderElection {
  /** Joins the election; resolves after the first attempt (so a server alone leads before it serves). */
  start(): Promise<void>
  stop(): Promise<void>
  readonly term: number | undefined
  readonly isLeader: boolean
}

export function createLeaderElection(deps: LeaderElectionDeps): LeaderElection {
  const { clock, log } = deps
  const retryMs = deps.retryMs ?? 1000
  const checkMs = deps.checkMs ?? 1000
  const checkTimeoutMs = deps.checkTimeoutMs ?? 2000
  const leaseMs = deps.leaseMs ?? 3000
  let session: LeaderSession | undefined
  /** The backend that holds the lock: a driver that silently reconnected is on another one, without it. */
  let lockPid: number | undefined
  let term: number | undefined
  let timer: Timer | undefined
  let stopped = true
  let running: Promise<void> = Promise.resolve()
  /** The last attempt waited its full `retryMs` for the lock: the next one goes at once. */
  let waited = false

  const withTimeout = <T>(p: Promise<T>, ms = checkTimeoutMs): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = clock.setTimeout(
        // One more turn first: after a stall, timers run before the answers that arrived meanwhile are read.
        () => void clock.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), 0),
        ms,
      )
      p.then(
        (v) => (t.cancel(), resolve(v)),
        (e) => (t.cancel(), reject(e)),
      )
    })

  const dropSession = async () => {
    const s = session
    session = undefined
    // Closing the session releases the lock on the database's side (or the database already dropped it).
    if (s) await s.close().catch(() => {})
  }

  async function stepDown(reason: string) {
    const was = term
    term = undefined
    await dropSession()
    if (was !== undefined) {
      log.warn('stepped down as leader', { term: was, reason })
      await deps.onDeposed(was, reason)
    }
  }

  /** Tries the advisory lock on `s` (waiting up to `waitMs`); remembers which backend holds it. */
  async function lock(s: LeaderSession, waitMs = 0): Promise<boolean> {
    try {
      const [row] = await withTimeout(
        s.query<{ locked: boolean; pid: number }>(
          waitMs > 0
            ? 'select pg_advisory_lock($1) is not null as locked, pg_backend_pid() as pid'
            : 'select pg_try_advisory_lock($1) as locked, pg_backend_pid() as pid',
          [LEADER_LOCK],
        ),
        waitMs + checkTimeoutMs,
      )
      if (!row?.locked) return false
      lockPid = row.pid
      return true
    } catch (error) {
      if (isLockTimeout(error)) return false
      throw error
    }
  }

  /**
   * The lock is held elsewhere: when the holder's lease is stale, ends the holder's backend and
   * tries the lock again while the database releases it. Returns whether this server got it.
   */
  async function takeOverStale(s: LeaderSession): Promise<boolean> {
    const [holder] = await withTimeout(
      s.query<{ pid: number; term: string | number; server_id: string | null }>(
        `select l.pid, t.term, t.server_id from stark_leader t, pg_locks l
          where t.id = 1 and coalesce(t.renewed_at, t.acquired_at) < now() - make_interval(secs => $2)
            and l.locktype = 'advisory' and l.classid = 0 and l.objid = $1 and l.objsubid = 1 and l.granted`,
        [LEADER_LOCK, leaseMs / 1000],
      ),
    )
    if (!holder) return false
    log.warn('the leader stopped renewing its lease; ending its lock connection', {
      term: Number(holder.term),
      leader: holder.server_id,
      pid: holder.pid,
    })
    await withTimeout(s.query('select pg_terminate_backend($1)', [holder.pid]))
    for (let i = 0; i < 20 && !stopped; i++) {
      if (await lock(s)) return true
      await clock.sleep(50)
    }
    return false
  }

  /**
   * Bumps the term. With other servers, the row is locked for update first: that waits for the
   * fenced writes in flight (they hold it for key share), so none of them commits under the old
   * term after this one. The lease renewal, a plain update, does not wait for them.
   */
  async function bump(s: LeaderSession) {
    const upsert = () =>
      withTimeout(
        s.query<{ term: string | number }>(
          `insert into stark_leader (id, term, server_id, acquired_at, renewed_at, holder_pid)
           values (1, 1, $1, now(), now(), pg_backend_pid())
           on conflict (id) do update set term = stark_leader.term + 1, server_id = excluded.server_id, acquired_at = now(),
             renewed_at = now(), holder_pid = pg_backend_pid()
           returning term`,
          [deps.serverId],
        ),
      )
    // One process alone on its store shares its session with everything else: no transaction of its own there.
    if (deps.solo) return (await upsert())[0]
    await withTimeout(s.query('begin'))
    try {
      await withTimeout(s.query('select 1 from stark_leader where id = 1 for update'))
      const [row] = await upsert()
      await withTimeout(s.query('commit'))
      return row
    } catch (error) {
      await s.query('rollback').catch(() => {})
      throw error
    }
  }

  async function tryAcquire() {
    if (!session) {
      session = await withTimeout(deps.openSession())
      // A follower waits for the lock this long at a time, then looks at the holder's lease.
      if (!deps.solo) await withTimeout(session.query(`select set_config('lock_timeout', $1, false)`, [`${retryMs}ms`]))
    }
    if (!deps.solo && !(await lock(session, retryMs)) && !(await takeOverStale(session))) {
      waited = true
      return log.debug('the lead is held elsewhere')
    }
    // The leader's own statements wait as long as they need (within the check's timeout).
    if (!deps.solo) await withTimeout(session.query(`select set_config('lock_timeout', '0', false)`))
    const bumped = await bump(session)
    if (!bumped) throw new Error('the leader term was not written')
    term = Number(bumped.term)
    log.info('leading', { term })
    // Taking over (reading the state, starting the controllers) may take longer than the lease.
    let renewer = clock.setTimeout(function renew() {
      void check().catch(() => {})
      renewer = clock.setTimeout(renew, checkMs)
    }, checkMs)
    try {
      await deps.onElected(term)
    } finally {
      renewer.cancel()
    }
  }

  async function check() {
    if (!session) throw new Error('no session')
    if (deps.solo) return
    // Renews the lease; no row means another server took the lead meanwhile.
    const [row] = await withTimeout(
      session.query<{ pid: number }>(
        'update stark_leader set renewed_at = now() where id = 1 and term = $1 returning pg_backend_pid() as pid',
        [term],
      ),
    )
    if (!row) throw new Error('another server holds a newer term')
    if (row.pid !== lockPid) throw new Error('the lock connection was replaced')
  }

  async function tick() {
    if (stopped) return
    waited = false
    if (term === undefined) {
      try {
        await tryAcquire()
      } catch (error) {
        if (term !== undefined) await stepDown(`election failed: ${String(error)}`)
        else await dropSession()
        log.debug('leader lock not reachable', { error: String(error) })
      }
    } else {
      try {
        await check()
      } catch (error) {
        await stepDown(`lock connection lost: ${String(error)}`)
      }
    }
  }

  function loop() {
    if (stopped) return
    running = tick().finally(() => {
      if (!stopped) timer = clock.setTimeout(loop, term !== undefined ? checkMs : waited ? 0 : retryMs)
    })
  }

  return {
    async start() {
      if (!stopped) return
      stopped = false
      loop()
      await running
    },
    async stop() {
      stopped = true
      timer?.cancel()
      // A follower's connection may be waiting for the lock: closing it ends the wait.
      if (term === undefined) await dropSession()
      await running.catch(() => {})
      await stepDown('server stopping')
      await dropSession()
    },
    get term() {
      return term
    },
    get isLeader() {
      return term !== undefined
    },
  }
}
