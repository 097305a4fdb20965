/**
 * The one connection a server LISTENs on (changes, relayed node messages, events, log lines), kept
 * open by this server rather than by the driver: the driver's own re-listen gives up for good when
 * the database refuses it for a few seconds (a restart, a failover), after which the server would
 * never hear of another server's change again. Here a lost connection is opened again, with a
 * growing pause between tries, for as long as the server runs; each time it is back every channel
 * is listened to again and its `onListen` runs (the change feed resyncs then, since whatever was
 * notified meanwhile is lost). A probe every `probeMs` finds a connection that died silently.
 */
import { createBackoff, type Clock, type Logger, type Rng } from '@stark/shared'
import type postgres from 'postgres'
import { loadPostgres } from '../db/postgres-driver'

export interface ListenerStats {
  /** Whether the connection is open and listening. */
  connected: boolean
  /** Times it was opened (the first time included). */
  connects: number
  /** Tries to open it that failed. */
  failures: number
}

export interface Listener {
  /** LISTEN on a channel; `onListen` runs now and after each reconnection. Resolves to an unlisten. */
  listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>
  stop(): Promise<void>
  readonly stats: ListenerStats
}

export interface ListenerDeps {
  url: string
  applicationName: string
  clock: Clock
  rng: Rng
  log: Logger
  probeMs?: number
  timeoutMs?: number
}

interface Channel {
  onNotify(payload: string): void
  onListen?: (() => void) | undefined
}

const quoted = (channel: string) => `"${channel.replace(/"/g, '""')}"`

export function createPostgresListener(deps: ListenerDeps): Listener {
  const { clock, log } = deps
  const probeMs = deps.probeMs ?? 5000
  const timeoutMs = deps.timeoutMs ?? 3000
  const channels = new Map<string, Channel>()
  const backoff = createBackoff({ initialMs: 100, maxMs: 5000, factor: 2, jitter: 0.2 }, deps.rng)
  const stats: ListenerStats = { connected: false, connects: 0, failures: 0 }
  let current: postgres.Sql | undefined
  let opening: Promise<void> | undefined
  let probe: ReturnType<Clock['setTimeout']> | undefined
  let stopped = false

  const within = <T>(p: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = clock.setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      p.then(
        (v) => (t.cancel(), resolve(v)),
        (e) => (t.cancel(), reject(e)),
      )
    })

  function connection(driver: typeof postgres): postgres.Sql {
    const sql: postgres.Sql = driver(deps.url, {
      max: 1,
      idle_timeout: 0,
      max_lifetime: 0,
      connect_timeout: Math.ceil(timeoutMs / 1000),
      fetch_types: false,
      onnotice: () => {},
      connection: { application_name: deps.applicationName },
      onclose: () => lost(sql, 'the listening connection closed'),
      // The driver's hook for notifications (its own listen() uses it too).
      onnotify: (channel: string, payload: string) => channels.get(channel)?.onNotify(payload),
    } as postgres.Options<Record<string, never>>)
    return sql
  }

  /** Opens a connection and listens on every channel; tries again until it works or the listener stops. */
  function open(): Promise<void> {
    opening ??= (async () => {
      const driver = await loadPostgres()
      while (!stopped) {
        const sql = connection(driver)
        try {
          for (const channel of channels.keys()) await within(sql.unsafe(`listen ${quoted(channel)}`))
          if (stopped) return void (await sql.end({ timeout: 0 }))
          current = sql
          stats.connected = true
          stats.connects++
          backoff.reset()
          if (stats.connects > 1) log.info('listening to the other servers again')
          for (const c of [...channels.values()]) c.onListen?.()
          scheduleProbe()
          return
        } catch (error) {
          stats.failures++
          await sql.end({ timeout: 0 }).catch(() => {})
          const delay = backoff.next()
          log.warn('could not listen to the other servers; trying again', { error: String(error), inMs: delay })
          await clock.sleep(delay)
        }
      }
    })().finally(() => (opening = undefined))
    return opening
  }

  function lost(sql: postgres.Sql, reason: string) {
    if (sql !== current || stopped) return
    current = undefined
    stats.connected = false
    probe?.cancel()
    log.warn('lost the listening connection; opening it again', { reason })
    void sql.end({ timeout: 0 }).catch(() => {})
    void open()
  }

  function scheduleProbe() {
    probe = clock.setTimeout(async () => {
      const sql = current
      if (!sql || stopped) return
      try {
        await within(sql.unsafe('select 1'))
        if (sql === current) scheduleProbe()
      } catch (error) {
        lost(sql, `the probe failed: ${String(error)}`)
      }
    }, probeMs)
  }

  return {
    async listen(channel, onNotify, onListen) {
      channels.set(channel, { onNotify, onListen })
      if (current) {
        await within(current.unsafe(`listen ${quoted(channel)}`))
        onListen?.()
      } else await open()
      return async () => {
        channels.delete(channel)
        await current?.unsafe(`unlisten ${quoted(channel)}`).catch(() => {})
      }
    },
    async stop() {
      stopped = true
      probe?.cancel()
      const sql = current
      current = undefined
      stats.connected = false
      await sql?.end({ timeout: 0 }).catch(() => {})
      await opening
    },
    stats,
  }
}
