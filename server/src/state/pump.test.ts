import { describe, expect, it } from 'vitest'
import { createPump } from './pump'

describe('pump', () => {
  it('hands over what was queued, at once', async () => {
    const p = createPump<number>(10)
    p.push(1)
    p.push(2)
    expect(await p.take(60_000)).toEqual([1, 2])
    expect(p.size).toBe(0)
  })

  it('a waiting take returns on the next push, on wake and on close', async () => {
    const p = createPump<string>(10)
    const waiting = p.take(60_000)
    p.push('a')
    expect(await waiting).toEqual(['a'])
    const woken = p.take(60_000)
    p.wake()
    expect(await woken).toEqual([])
    const closing = p.take(60_000)
    p.close()
    expect(await closing).toEqual([])
    expect(p.closed).toBe(true)
    p.push('late')
    expect(p.size).toBe(0)
  })

  it('returns empty after the wait when nothing comes', async () => {
    const p = createPump<number>(10)
    expect(await p.take(5)).toEqual([])
  })

  it('a consumer that falls too far behind overflows and gets nothing more', async () => {
    const p = createPump<number>(3)
    for (let i = 0; i < 5; i++) p.push(i)
    expect(p.overflowed).toBe(true)
    expect(await p.take(60_000)).toEqual([])
  })
})
