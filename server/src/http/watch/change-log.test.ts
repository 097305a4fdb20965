import { describe, expect, it } from 'vitest'
import { createChangeLog } from './change-log'
import { classify } from './watch-stream'

describe('change log', () => {
  it('starts at the start time × 1000 and replays what follows a revision', () => {
    const log = createChangeLog({ startedAt: 1_000, window: 10 })
    expect(log.revision).toBe(1_000_000)
    log.record('pods', undefined, 'a')
    log.record('nodes', undefined, 'n')
    log.record('pods', 'a', 'a2')
    const r = log.since<string>('pods', 1_000_000)
    expect(r.gone).toBe(false)
    if (!r.gone)
      expect(r.changes.map((c) => [c.revision, c.prev, c.next])).toEqual([
        [1_000_001, undefined, 'a'],
        [1_000_003, 'a', 'a2'],
      ])
    const after = log.since<string>('pods', 1_000_001)
    if (!after.gone) expect(after.changes.map((c) => c.next)).toEqual(['a2'])
  })

  it('answers gone for a revision older than the window, before the start, or never given', () => {
    const log = createChangeLog({ startedAt: 5, window: 3 })
    const start = log.revision
    expect(log.since('pods', start - 1).gone).toBe(true)
    for (let i = 0; i < 10; i++) log.record('pods', undefined, i)
    expect(log.since('pods', start).gone).toBe(true)
    // The last three are kept: from the revision before them on, replay works.
    const kept = log.since<number>('pods', log.revision - 3)
    expect(kept.gone).toBe(false)
    if (!kept.gone) expect(kept.changes.map((c) => c.next)).toEqual([7, 8, 9])
    expect(log.since('pods', log.revision - 4).gone).toBe(true)
    expect(log.since('pods', log.revision + 1).gone).toBe(true)
    // Other kinds keep their own window.
    expect(log.since('nodes', start).gone).toBe(false)
  })

  it('hands new changes to the listeners of their kind', () => {
    const log = createChangeLog({ startedAt: 1, window: 3 })
    const seen: unknown[] = []
    const off = log.subscribe('services', (c) => seen.push(c.next))
    log.record('services', undefined, 's')
    log.record('pods', undefined, 'p')
    off()
    log.record('services', 's', 't')
    expect(seen).toEqual(['s'])
  })
})

describe('classify', () => {
  const mine = (r: { owner: string }) => r.owner === 'me'
  const change = (prev?: { owner: string }, next?: { owner: string }) => ({ revision: 1, prev, next })
  it('turns a change into what a list showing `shows` sees', () => {
    expect(classify(change(undefined, { owner: 'me' }), mine)?.type).toBe('ADDED')
    expect(classify(change({ owner: 'me' }, { owner: 'me' }), mine)?.type).toBe('MODIFIED')
    expect(classify(change({ owner: 'me' }, undefined), mine)?.type).toBe('DELETED')
    expect(classify(change({ owner: 'me' }, { owner: 'x' }), mine)).toEqual({ type: 'DELETED', record: { owner: 'me' } })
    expect(classify(change({ owner: 'x' }, { owner: 'me' }), mine)?.type).toBe('ADDED')
    // Another's object never shows: not added, not changed, not removed.
    expect(classify(change(undefined, { owner: 'x' }), mine)).toBeUndefined()
    expect(classify(change({ owner: 'x' }, { owner: 'x' }), mine)).toBeUndefined()
    expect(classify(change({ owner: 'x' }, undefined), mine)).toBeUndefined()
  })
})
