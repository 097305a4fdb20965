import { describe, expect, it } from 'vitest'
import { parseSse, sseEvents } from './sse'

describe('server-sent events', () => {
  it('parses complete events and keeps the incomplete rest', () => {
    const { events, rest } = parseSse(
      'event: log\ndata: {"line":"a"}\n\n: comment\n\nevent: end\ndata: {}\n\nevent: log\ndata: {"li',
    )
    expect(events).toEqual([
      { event: 'log', data: '{"line":"a"}' },
      { event: 'end', data: '{}' },
    ])
    expect(rest).toBe('event: log\ndata: {"li')
  })

  it('keeps the id of an event, and an event named without data', () => {
    expect(parseSse('id: 7\ndata: x\ndata: y\n\nevent: end\n\n').events).toEqual([
      { event: 'message', data: 'x\ny', id: '7' },
      { event: 'end', data: '' },
    ])
  })

  it('stops reading when the signal aborts', async () => {
    const stop = new AbortController()
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('data: first\n\n'))
      },
    })
    const seen = []
    for await (const e of sseEvents(body, stop.signal)) {
      seen.push(e.data)
      stop.abort()
    }
    expect(seen).toEqual(['first'])
  })

  it('joins multi-line data and accepts CRLF', () => {
    expect(parseSse('data: a\r\ndata: b\r\n\r\n').events).toEqual([{ event: 'message', data: 'a\nb' }])
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
    for await (const e of sseEvents(body)) seen.push(e)
    expect(seen).toEqual([
      { event: 'log', data: '{"line":"héllo"}' },
      { event: 'end', data: '{}' },
    ])
  })
})
