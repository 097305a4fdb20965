/**
 * Keeps a long-lived connection (WebSocket, event or log stream) no longer than its credential
 * stands: it is closed when the token it opened with expires, and at once when the user is
 * disabled or demoted, the session logged out, or the node's token revoked or rotated away.
 * Clients that want to stay connected reconnect with a fresh token (agents rotate theirs).
 */
import type { Clock } from '@stark/shared'
import type { AuthOps } from '../auth/auth-ops'
import type { JoinPrincipal, Principal } from '../auth/principal'

/** Timers are armed at most this far ahead (a timer further out would overflow) and re-armed. */
const MAX_TIMER_MS = 24 * 3600_000

export interface StandingWatch {
  /** The credential's end moved (a rotated node token): arm the timer anew. */
  setExpiry(expiresAt: number | undefined): void
  stop(): void
}

export function watchStanding(
  deps: { auth: Pick<AuthOps, 'isCurrent' | 'onStandingChange'>; clock: Clock },
  principal: () => Principal | JoinPrincipal,
  expiresAt: number | undefined,
  close: (why: 'expired' | 'revoked') => void,
): StandingWatch {
  const { auth, clock } = deps
  let timer: ReturnType<Clock['setTimeout']> | undefined
  let done = false
  let deadline = expiresAt
  const end = (why: 'expired' | 'revoked') => {
    if (done) return
    stop()
    close(why)
  }
  function arm() {
    timer?.cancel()
    timer = undefined
    if (deadline === undefined || done) return
    const left = deadline - clock.now()
    if (left <= 0) return end('expired')
    timer = clock.setTimeout(arm, Math.min(left, MAX_TIMER_MS))
  }
  const off = auth.onStandingChange(() => {
    if (!auth.isCurrent(principal())) end('revoked')
  })
  function stop() {
    done = true
    timer?.cancel()
    off()
  }
  arm()
  return {
    setExpiry(next) {
      deadline = next
      arm()
    },
    stop,
  }
}
