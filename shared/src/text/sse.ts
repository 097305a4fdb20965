/**
 * Server-sent events read from a fetch response body (EventSource cannot send the Authorization
 * header): the subset Stark's server sends — `event`, `data` (joined across lines) and `id`.
 * One reader for the CLI and the dashboard.
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
    if (data.length || event !== 'message') events.push({ event, data: data.join('\n'), ...(id !== undefined ? { id } : {}) })
  }
  return { events, rest }
}

/** The part of a fetch body (a web ReadableStream of bytes) this reader uses. */
export interface ByteStream {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> }
}

/** The events of a stream as they complete; stops the download when the caller stops early or `signal` aborts. */
export async function* sseEvents(body: ByteStream, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder()
  let buffer = ''
  const reader = body.getReader()
  const cancel = () => void reader.cancel().catch(() => {})
  signal?.addEventListener('abort', cancel, { once: true })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || signal?.aborted) break
      buffer += decoder.decode(value, { stream: true })
      const { events, rest } = parseSse(buffer)
      buffer = rest
      yield* events
    }
  } finally {
    signal?.removeEventListener('abort', cancel)
    await reader.cancel().catch(() => {})
  }
  if (signal?.aborted) return
  yield* parseSse(`${buffer}${decoder.decode()}\n\n`).events
}
