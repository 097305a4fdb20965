import { describe, expect, it } from 'vitest'
import { parseSse } from './sse'

describe('parseSse', () => {
  it('splits complete events, skips comments and keeps the unfinished rest', () => {
    const { events, rest } = parseSse('event: log\ndata: {"a":1}\n\n: keepalive\n\nid: 7\ndata: x\ndata: y\n\nevent: end\ndata')
    expect(events).toEqual([
      { event: 'log', data: '{"a":1}' },
      { event: 'message', data: 'x\ny', id: '7' },
    ])
    expect(rest).toBe('event: end\ndata')
  })
})
