/** Calls `on` for each server-sent event of a fetch response until the stream ends or `signal` aborts. */
import { type SseEvent, sseEvents } from '@stark/shared'

export async function readSse(res: Response, on: (e: SseEvent) => void, signal?: AbortSignal): Promise<void> {
  if (!res.body) return
  try {
    for await (const e of sseEvents(res.body, signal)) on(e)
  } catch {
    // A dropped connection ends the stream like its end does; the caller decides whether to follow again.
  }
}
