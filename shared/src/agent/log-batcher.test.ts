import { describe, expect, it } from 'vitest'
import { createLogBatcher, MAX_LOG_LINE } from './log-batcher'
import { decode, encode } from '../protocol/codec'

const entry = (line: string, ts = 1) => ({ ts, stream: 'stdout' as const, line })

describe('log batcher', () => {
  it('drains per pod run, in order, in batches of maxBatch', () => {
    const logs = createLogBatcher({ maxBufferedPerPod: 100, maxBatch: 2 })
    for (const l of ['a', 'b', 'c']) logs.add('p1', 1, entry(l))
    logs.add('p2', 1, entry('z'))
    expect(logs.size).toBe(4)
    const p1 = logs.drain({ podId: 'p1', incarnation: 1 })
    expect(p1.map((b) => b.entries.map((e) => e.line))).toEqual([['a', 'b'], ['c']])
    expect(logs.size).toBe(1)
    expect(logs.drain()).toEqual([{ podId: 'p2', incarnation: 1, entries: [entry('z')] }])
    expect(logs.drain()).toEqual([])
  })

  it('keeps the newest lines when over its bound and says how many it dropped', () => {
    const logs = createLogBatcher({ maxBufferedPerPod: 2, maxBatch: 10 })
    for (const l of ['1', '2', '3', '4']) logs.add('p', 1, entry(l, Number(l)))
    const [batch] = logs.drain()
    expect(batch!.entries.map((e) => e.line)).toEqual(['[stark] 2 log lines dropped while disconnected', '3', '4'])
    expect(batch!.entries[0]).toMatchObject({ stream: 'stderr', ts: 3 })
  })

  it('cuts lines to MAX_LOG_LINE and keeps every batch a frame the codec accepts', () => {
    const logs = createLogBatcher()
    // Control characters are the worst case: each is escaped to six bytes of JSON.
    for (let i = 0; i < 40; i++) logs.add('p', 1, entry('\u0001'.repeat(MAX_LOG_LINE + 100)))
    const batches = logs.drain()
    expect(batches.length).toBeGreaterThan(1)
    expect(batches.flatMap((b) => b.entries)).toHaveLength(40)
    for (const b of batches) {
      expect(b.entries.every((e) => e.line.length === MAX_LOG_LINE)).toBe(true)
      expect(decode(encode('pod:log', b), 'agent→server').ok).toBe(true)
    }
  })
})
