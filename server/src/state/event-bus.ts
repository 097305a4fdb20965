import type { EventRecord } from '../store/records'

/** `remote`: committed by another server on the same database (read back), not by this one. */
export type EventListener = (event: EventRecord, remote: boolean) => void

/** Committed events fan out here to live subscribers (WebSocket watches, `events --follow`). */
export function createEventBus() {
  const listeners = new Set<EventListener>()
  return {
    publish(events: readonly EventRecord[], remote = false) {
      for (const e of events) for (const l of listeners) l(e, remote)
    },
    subscribe(listener: EventListener): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get size() {
      return listeners.size
    },
  }
}
export type EventBus = ReturnType<typeof createEventBus>
