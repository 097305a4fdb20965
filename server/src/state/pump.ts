/**
 * A bounded hand-off from callbacks (the event bus, the log store, state changes) to one loop
 * that writes a stream. A consumer that falls `max` items behind is cut off rather than letting
 * the server buffer without end.
 */
export interface Pump<T> {
  /** Queues an item (dropped once the pump has overflowed or closed). */
  push(item: T): void
  /** Everything queued, at once if there is something, else after the next push, wake() or `waitMs`. */
  take(waitMs: number): Promise<T[]>
  /** Ends a pending take() early (something else changed). */
  wake(): void
  close(): void
  readonly overflowed: boolean
  readonly closed: boolean
  readonly size: number
}

export function createPump<T>(
  max: number,
  timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = globalThis,
): Pump<T> {
  let queue: T[] = []
  let overflowed = false
  let closed = false
  let waiter: (() => void) | undefined

  const release = () => {
    const w = waiter
    waiter = undefined
    w?.()
  }

  return {
    push(item) {
      if (closed || overflowed) return
      if (queue.length >= max) {
        overflowed = true
        queue = []
      } else queue.push(item)
      release()
    },
    async take(waitMs) {
      if (queue.length === 0 && !closed && !overflowed) {
        await new Promise<void>((resolve) => {
          const timer = timers.setTimeout(() => {
            if (waiter === done) waiter = undefined
            resolve()
          }, waitMs)
          const done = () => {
            timers.clearTimeout(timer)
            resolve()
          }
          waiter = done
        })
      }
      const items = queue
      queue = []
      return items
    },
    wake: release,
    close() {
      closed = true
      release()
    },
    get overflowed() {
      return overflowed
    },
    get closed() {
      return closed
    },
    get size() {
      return queue.length
    },
  }
}
