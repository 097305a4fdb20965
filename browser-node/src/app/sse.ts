/**
 * Reads a text/event-stream from a fetch response (EventSource cannot send the Authorization
 * header): calls `on(event, data)` for each complete event, until the stream ends or `signal` aborts.
 */
export interface SseEvent {
  event: string
  data: string
  id?: string
}

/** Splits SSE text into complete events; returns them and the unfinished rest. */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = []
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n')
  const rest = blocks.pop() ?? ''
  for (const block of blocks) {
    let event = 'message'
    let id: string | undefined
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data.push(value)
      else if (field === 'id') id = value
    }
    if (data.length) events.push({ event, data: data.join('\n'), ...(id !== undefined ? { id } : {}) })
  }
  return { events, rest }
}

export async function readSse(res: Response, on: (e: SseEvent) => void, signal?: AbortSignal): Promise<void> {
  if (!res.body) return
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  signal?.addEventListener('abort', () => void reader.cancel().catch(() => {}))
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
    if (done || signal?.aborted) return
    buffer += decoder.decode(value, { stream: true })
    const parsed = parseSse(buffer)
    buffer = parsed.rest
    for (const e of parsed.events) on(e)
  }
}
