import type { EventRecord } from '../store/records'

export type EventListener = (event: EventRecord) => void

/** Committed events fan out here to live subscribers (WebSocket watches, `events --follow`). */
export function createEventBus() {
  const listeners = new Set<EventListener>()
  return {
    publish(events: readonly EventRecord[]) {
      for (const e of events) for (const l of listeners) l(e)
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
