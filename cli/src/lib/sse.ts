/** Reads a text/event-stream body as `{ event, data }` records (the subset the server sends). */
export interface ServerSentEvent {
  event: string
  data: string
}

/** Parses complete events out of `buffer`; returns them and what is left over. */
export function parseEvents(buffer: string): { events: ServerSentEvent[]; rest: string } {
  const events: ServerSentEvent[] = []
  const normalized = buffer.replace(/\r\n?/g, '\n')
  const blocks = normalized.split('\n\n')
  const rest = blocks.pop() ?? ''
  for (const block of blocks) {
    let event = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data.push(value)
    }
    if (data.length || event !== 'message') events.push({ event, data: data.join('\n') })
  }
  return { events, rest }
}

export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder()
  let buffer = ''
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      const { events, rest } = parseEvents(buffer)
      buffer = rest
      yield* events
    }
  } finally {
    // Stops the download when the reader stops early (the `end` event, Ctrl-C).
    await reader.cancel().catch(() => {})
  }
  const { events } = parseEvents(`${buffer}${decoder.decode()}\n\n`)
  yield* events
}
