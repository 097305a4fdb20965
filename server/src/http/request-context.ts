/**
 * The request in progress, carried through async calls (AsyncLocalStorage): its id and user.
 * Log records written while handling a request get these fields, and an event a request causes
 * gets its id as the correlation id even where a service does not pass one. Work a request only
 * triggers (the next write batch, the scheduler) runs detached, so it never borrows a request's id.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export interface RequestScope {
  requestId: string
  /** The signed-in user, once authentication has run. */
  userId(): string | undefined
}

export function createRequestContext() {
  const als = new AsyncLocalStorage<RequestScope>()
  return {
    run<T>(scope: RequestScope, fn: () => T): T {
      return als.run(scope, fn)
    },
    /** The current request's id, if a request is being handled. */
    requestId: (): string | undefined => als.getStore()?.requestId,
    /** Log fields of the request in progress (none outside a request). */
    fields(): Record<string, unknown> {
      const scope = als.getStore()
      if (!scope) return {}
      const userId = scope.userId()
      return { requestId: scope.requestId, ...(userId ? { userId } : {}) }
    },
    /** Runs `fn` outside any request: timers and callbacks it sets up do not inherit one. */
    detached<T>(fn: () => T): T {
      return als.exit(fn)
    },
  }
}
export type RequestContext = ReturnType<typeof createRequestContext>
