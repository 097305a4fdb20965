/**
 * `Idempotency-Key` on POST (after the IETF httpapi draft): the first answer to a key is kept for
 * 24 h and a repeat of the same request gets that answer again, with `Idempotent-Replayed: true`,
 * instead of acting twice (a client retrying a create after a lost response). Keys belong to the
 * caller (one user's key never replays another's answer); a repeat while the first is still being
 * answered waits for it; the same key with another method, path or body is refused (422). Only
 * answers below 500 are kept, so a retry after a server error acts again. Kept in this server's
 * memory, bounded in count.
 */
import { createHash } from 'node:crypto'
import type { Clock } from '@stark/shared'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { problem } from '../problem'

export interface IdempotencyOptions {
  clock: Clock
  /** How long an answer is kept (default 24 h). */
  ttlMs?: number
  /** How many answers are kept at most (default 10,000; the oldest go first). */
  maxEntries?: number
}

interface Kept {
  fingerprint: string
  at: number
  answer: Promise<{ status: number; headers: [string, string][]; body: ArrayBuffer } | undefined>
}

const KEY = /^[\x21-\x7e]{1,255}$/

export function idempotency(options: IdempotencyOptions) {
  const ttlMs = options.ttlMs ?? 24 * 3_600_000
  const maxEntries = options.maxEntries ?? 10_000
  const kept = new Map<string, Kept>()

  const prune = (now: number) => {
    for (const [k, v] of kept) {
      if (now - v.at < ttlMs && kept.size <= maxEntries) break
      kept.delete(k)
    }
  }

  return createMiddleware<AppEnv>(async function idempotencyKey(c, next) {
    const key = c.req.header('idempotency-key')
    if (c.req.method !== 'POST' || key === undefined) return next()
    if (!KEY.test(key)) return problem(c, 400, 'bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters')
    const who = c.get('principal')?.id ?? 'anonymous'
    const body = await c.req.arrayBuffer()
    const fingerprint = createHash('sha256')
      .update(c.req.method)
      .update('\0')
      .update(c.req.path)
      .update('\0')
      .update(new Uint8Array(body))
      .digest('hex')
    const slot = `${who}\0${key}`
    const now = options.clock.now()
    prune(now)
    const earlier = kept.get(slot)
    if (earlier && now - earlier.at < ttlMs) {
      if (earlier.fingerprint !== fingerprint) {
        return problem(
          c,
          422,
          'idempotency_key_reused',
          'this Idempotency-Key was used for another request (method, path or body differ); use a new key',
        )
      }
      const answer = await earlier.answer
      if (answer) {
        const headers = new Headers(answer.headers)
        headers.set('idempotent-replayed', 'true')
        return new Response(answer.body.slice(0), { status: answer.status, headers })
      }
      // The first attempt failed (5xx): this one acts.
    }
    let settle!: (v: Awaited<Kept['answer']>) => void
    kept.set(slot, { fingerprint, at: now, answer: new Promise((resolve) => (settle = resolve)) })
    try {
      await next()
    } catch (error) {
      kept.delete(slot)
      settle(undefined)
      throw error
    }
    const res = c.res
    if (res.status >= 500) {
      kept.delete(slot)
      settle(undefined)
      return
    }
    const copy = res.clone()
    settle({ status: copy.status, headers: [...copy.headers.entries()], body: await copy.arrayBuffer() })
  })
}
