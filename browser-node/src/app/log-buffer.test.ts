import { describe, expect, it } from 'vitest'
import { createLogBuffer } from './log-buffer'

const line = (n: number) => ({ ts: n, stream: 'stdout' as const, line: `l${n}` })

describe('log buffer', () => {
  it('keeps the last lines per pod and the most recent pods', () => {
    const b = createLogBuffer(3, 2)
    for (let i = 0; i < 5; i++) b.add('a', line(i))
    expect(b.lines('a').map((l) => l.line)).toEqual(['l2', 'l3', 'l4'])
    b.add('b', line(9))
    b.add('c', line(10))
    expect(b.lines('a')).toEqual([])
    expect(Object.keys(b.snapshot())).toEqual(['b', 'c'])
  })

  it('restores a snapshot', () => {
    const b = createLogBuffer(2)
    b.restore({ x: [line(1), line(2), line(3)] })
    expect(b.lines('x').map((l) => l.ts)).toEqual([2, 3])
  })
})
