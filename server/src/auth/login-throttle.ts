/**
 * Failed logins per account: after `limit` failures within `windowMs`, the account answers 429
 * until the window ends, whatever the password and wherever the attempts come from (the per-address
 * limiter cannot see an attacker who spreads guesses over many addresses). Unknown emails count the
 * same way, so the answer does not tell which accounts exist. A success clears the count.
 */
import type { Clock } from '@stark/shared'
import { rateLimited } from '../errors'

export interface LoginThrottleOptions {
  clock: Clock
  limit: number
  windowMs: number
  /** Accounts tracked at most (the oldest windows are forgotten first). */
  maxTracked?: number
}

export function createLoginThrottle(options: LoginThrottleOptions) {
  const { clock, limit, windowMs } = options
  const maxTracked = options.maxTracked ?? 100_000
  const failures = new Map<string, { start: number; count: number }>()

  const current = (account: string) => {
    const w = failures.get(account)
    if (w && clock.now() - w.start >= windowMs) {
      failures.delete(account)
      return undefined
    }
    return w
  }

  return {
    /** Throws 429 while the account is throttled. */
    check(account: string): void {
      const w = current(account)
      if (w && w.count >= limit) {
        const seconds = Math.max(1, Math.ceil((w.start + windowMs - clock.now()) / 1000))
        throw rateLimited(`too many failed logins for this account; try again in ${seconds} s`)
      }
    },
    fail(account: string): void {
      const w = current(account)
      if (w) w.count++
      else {
        if (failures.size >= maxTracked) failures.delete(failures.keys().next().value!)
        failures.set(account, { start: clock.now(), count: 1 })
      }
    },
    succeed(account: string): void {
      failures.delete(account)
    },
  }
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>
