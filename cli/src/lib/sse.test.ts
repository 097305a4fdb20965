import { describe, expect, it } from 'vitest'
import { parseEvents, readEvents } from './sse'

describe('server-sent events', () => {
  it('parses complete events and keeps the incomplete rest', () => {
    const { events, rest } = parseEvents(
      'event: log\ndata: {"line":"a"}\n\n: comment\n\nevent: end\ndata: {}\n\nevent: log\ndata: {"li',
    )
    expect(events).toEqual([
      { event: 'log', data: '{"line":"a"}' },
      { event: 'end', data: '{}' },
    ])
    expect(rest).toBe('event: log\ndata: {"li')
  })

  it('joins multi-line data and accepts CRLF', () => {
    expect(parseEvents('data: a\r\ndata: b\r\n\r\n').events).toEqual([{ event: 'message', data: 'a\nb' }])
  })

  it('reads events split across chunks, including a split multi-byte character', async () => {
    const bytes = new TextEncoder().encode('event: log\ndata: {"line":"héllo"}\n\nevent: end\ndata: {}')
    const cut = bytes.indexOf(0xc3) + 1
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut))
        c.enqueue(bytes.slice(cut))
        c.close()
      },
    })
    const seen = []
    for await (const e of readEvents(body)) seen.push(e)
    expect(seen).toEqual([
      { event: 'log', data: '{"line":"héllo"}' },
      { event: 'end', data: '{}' },
    ])
  })
})
