import { createMiddleware } from 'hono/factory'
import type { Clock } from '@stark/shared'
import { rateLimited } from '../../errors'
import type { ClientAddress } from './client-address'

export interface RateLimitOptions {
  /** Requests allowed per window per client. */
  limit: number
  windowMs: number
  clock: Clock
  /** Which client a request belongs to (default: the remote address; see client-address.ts). */
  address?: ClientAddress | undefined
}

export function remoteAddress(c: { env: unknown }): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress
}

/** A fixed-window limiter for sensitive routes (login, setup). */
export function rateLimit(options: RateLimitOptions) {
  const windows = new Map<string, { start: number; count: number }>()
  return createMiddleware(async function rateLimit(c, next) {
    const now = options.clock.now()
    const key = options.address
      ? options.address(remoteAddress(c), c.req.header('x-forwarded-for'))
      : (remoteAddress(c) ?? 'local')
    let w = windows.get(key)
    if (!w || now - w.start >= options.windowMs) {
      if (windows.size > 10_000) windows.clear()
      windows.set(key, (w = { start: now, count: 0 }))
    }
    if (++w.count > options.limit) {
      c.header('Retry-After', String(Math.ceil((w.start + options.windowMs - now) / 1000)))
      throw rateLimited(`too many attempts; try again in ${Math.ceil((w.start + options.windowMs - now) / 1000)} s`)
    }
    await next()
  })
}
