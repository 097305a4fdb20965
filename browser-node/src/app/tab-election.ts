/**
 * One node per identity, in one tab: the tabs of a browser that share a node identity elect one
 * runner with the Web Locks API. The runner holds an exclusive lock named after the identity for
 * as long as it runs; every other tab waits in the lock's queue (standby), so when the runner's
 * tab closes the browser grants the lock to the next tab, which takes over. A standby tab can also
 * take over at once (`steal`): the old runner learns it lost the lock and goes to standby.
 *
 * Without Web Locks (a plain-HTTP origin other than localhost has none) there is nothing to elect
 * with: the tab runs ("solo"), as it did before elections.
 */

export type TabRole = 'pending' | 'runner' | 'standby' | 'solo'

export interface TabElection {
  readonly role: TabRole
  /** Called with every change of role. */
  on(fn: (role: TabRole) => void): () => void
  /** Runs the node in this tab now; the tab that ran it goes to standby. */
  takeOver(): void
  /** Gives the lock up (the next tab in line takes over) and stops taking part. */
  close(): void
}

type Locks = Pick<LockManager, 'request'>

export function createTabElection(locks: Locks | undefined, name: string): TabElection {
  const listeners = new Set<(r: TabRole) => void>()
  let role: TabRole = locks ? 'pending' : 'solo'
  let release: (() => void) | undefined
  let waiting: AbortController | undefined
  let closed = false

  const set = (r: TabRole) => {
    if (r === role) return
    role = r
    for (const l of listeners) l(r)
  }

  /** The lock is ours until `release` is called (or it is stolen). */
  const hold = () =>
    new Promise<void>((resolve) => {
      release = resolve
      set('runner')
    })

  /** Holds the lock once granted; on losing it to a take-over, gets back in line. */
  function request(options: LockOptions, onMissed?: () => void) {
    if (!locks || closed) return
    let granted = false
    locks
      .request(name, options, (lock) => {
        if (!lock) return undefined
        granted = true
        return hold()
      })
      .then(
        () => {
          if (!granted && !closed) onMissed?.()
        },
        (error: unknown) => {
          release = undefined
          if (closed || (error as { name?: string }).name !== 'AbortError' || options.signal?.aborted) return
          // Stolen by another tab's take-over: back in line.
          queue()
        },
      )
  }

  /** Runs now if no tab does; else waits in line (standby) until the runner's tab goes. */
  function queue() {
    request({ mode: 'exclusive', ifAvailable: true }, () => {
      set('standby')
      waiting = new AbortController()
      request({ mode: 'exclusive', signal: waiting.signal })
    })
  }

  if (locks) queue()

  return {
    get role() {
      return role
    },
    on(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    takeOver() {
      if (!locks || role === 'runner' || closed) return
      waiting?.abort()
      waiting = undefined
      request({ mode: 'exclusive', steal: true })
    },
    close() {
      closed = true
      waiting?.abort()
      release?.()
      release = undefined
    },
  }
}
