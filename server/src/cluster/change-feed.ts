/**
 * How a server learns what the others wrote. A trigger on every cluster table notifies channel
 * `stark_changes` with the table, the row's key and the writer's application_name; messages for
 * nodes held by another server travel on `stark_relay`. The feed listens on both over one
 * dedicated connection, skips its own writes, coalesces keys per table, and hands them on in
 * order: a relayed message is delivered only after every change notified before it was applied
 * (so a `pod:assign` finds its pod bound). Each (re)connection of the listening connection
 * triggers a full resync, since notifications sent while it was down are lost.
 */
import type { Clock, Logger } from '@stark/shared'

export const CHANGES_CHANNEL = 'stark_changes'
export const RELAY_CHANNEL = 'stark_relay'

/** Keys per table name. */
export type TableChanges = Map<string, Set<string>>

export interface RelayMessage {
  /** The sending server's origin (its own relays are skipped). */
  o: string
  /** The node the message is for. */
  n: string
  /** `send` a message, or `close` the node's socket. */
  kind: 'send' | 'close'
  type?: string
  payload?: unknown
  code?: number
  reason?: string
}

export interface ChangeFeedDeps {
  /** LISTEN with a callback for each (re)connection of the listening connection. */
  listen(channel: string, onNotify: (payload: string) => void, onListen: () => void): Promise<() => Promise<void>>
  /** This server's application_name: notifications of its own writes are skipped. */
  origin: string
  apply(changes: TableChanges): Promise<void>
  resync(): Promise<void>
  relay(message: RelayMessage): void | Promise<void>
  clock: Clock
  log: Logger
}

type Entry = { kind: 'change'; table: string; key: string } | { kind: 'relay'; message: RelayMessage } | { kind: 'resync' }

export interface ChangeFeed {
  start(): Promise<void>
  stop(): Promise<void>
  /** Resolves when everything received so far has been applied. */
  idle(): Promise<void>
  readonly stats: { changes: number; relays: number; resyncs: number }
}

export function parseChange(payload: string): { t: string; k: string; o: string } | null {
  try {
    const v = JSON.parse(payload) as Record<string, unknown>
    if (typeof v.t !== 'string' || typeof v.k !== 'string') return null
    return { t: v.t, k: v.k, o: typeof v.o === 'string' ? v.o : '' }
  } catch {
    return null
  }
}

export function parseRelay(payload: string): RelayMessage | null {
  try {
    const v = JSON.parse(payload) as RelayMessage
    if (typeof v.o !== 'string' || typeof v.n !== 'string' || (v.kind !== 'send' && v.kind !== 'close')) return null
    return v
  } catch {
    return null
  }
}

export function createChangeFeed(deps: ChangeFeedDeps): ChangeFeed {
  const { log } = deps
  const entries: Entry[] = []
  const offs: (() => Promise<void>)[] = []
  const stats = { changes: 0, relays: 0, resyncs: 0 }
  let pumping: Promise<void> | undefined
  let stopped = false

  const kick = () => {
    pumping ??= pump().finally(() => {
      pumping = undefined
      if (entries.length > 0 && !stopped) kick()
    })
  }
  const push = (e: Entry) => {
    if (stopped) return
    entries.push(e)
    kick()
  }

  async function pump() {
    while (entries.length > 0 && !stopped) {
      const head = entries[0]!
      if (head.kind === 'change') {
        const changes: TableChanges = new Map()
        while (entries[0]?.kind === 'change') {
          const e = entries.shift() as Extract<Entry, { kind: 'change' }>
          let keys = changes.get(e.table)
          if (!keys) changes.set(e.table, (keys = new Set()))
          keys.add(e.key)
        }
        try {
          await deps.apply(changes)
          stats.changes += [...changes.values()].reduce((n, s) => n + s.size, 0)
        } catch (error) {
          log.warn('could not read back changes of other servers; resyncing', { error: String(error) })
          entries.unshift({ kind: 'resync' })
        }
      } else if (head.kind === 'relay') {
        entries.shift()
        try {
          await deps.relay(head.message)
          stats.relays++
        } catch (error) {
          log.warn('could not deliver a relayed node message', { error: String(error) })
        }
      } else {
        // Changes (and resyncs) queued up to the next relayed message are covered by this one.
        while (entries[0] && entries[0].kind !== 'relay') entries.shift()
        try {
          await deps.resync()
          stats.resyncs++
        } catch (error) {
          log.warn('resync with the database failed; retrying', { error: String(error) })
          await deps.clock.sleep(1000)
          if (!stopped) entries.unshift({ kind: 'resync' })
        }
      }
    }
  }

  return {
    async start() {
      offs.push(
        await deps.listen(
          CHANGES_CHANNEL,
          (payload) => {
            const c = parseChange(payload)
            if (!c) return log.warn('ignored a malformed change notification')
            if (c.o === deps.origin) return
            push({ kind: 'change', table: c.t, key: c.k })
          },
          () => push({ kind: 'resync' }),
        ),
      )
      offs.push(
        await deps.listen(
          RELAY_CHANNEL,
          (payload) => {
            const m = parseRelay(payload)
            if (!m) return log.warn('ignored a malformed relay notification')
            if (m.o === deps.origin) return
            push({ kind: 'relay', message: m })
          },
          () => {},
        ),
      )
    },
    async stop() {
      stopped = true
      for (const off of offs.splice(0)) await off().catch(() => {})
      await pumping
    },
    async idle() {
      while (pumping) await pumping
    },
    stats,
  }
}
