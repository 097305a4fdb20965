import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { tolerationClockKey } from '../toleration-clock-key'
import { limitedToleration, preferNoScheduleCount, taintToleration, untoleratedTaint, usedUpToleration } from './taint-toleration'

const blocked = (reason: string) => ({ ok: false, reason, unresolvable: true })

describe('TaintToleration filter', () => {
  it.each([
    { name: 'untainted node', pod: makePod(), node: makeNode(), want: FIT },
    {
      name: 'NoSchedule blocks',
      pod: makePod(),
      node: makeNode().taint('gpu', 'true', 'NoSchedule'),
      want: blocked('untolerated taint {gpu: true}'),
    },
    {
      name: 'NoExecute blocks',
      pod: makePod(),
      node: makeNode().taint('maint', undefined, 'NoExecute'),
      want: blocked('untolerated taint {maint}'),
    },
    {
      name: 'PreferNoSchedule never blocks',
      pod: makePod(),
      node: makeNode().taint('spot', 'true', 'PreferNoSchedule'),
      want: FIT,
    },
    {
      name: 'Equal toleration',
      pod: makePod().tolerate({ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }),
      node: makeNode().taint('gpu', 'true', 'NoSchedule'),
      want: FIT,
    },
    {
      name: 'Equal toleration with another value',
      pod: makePod().tolerate({ key: 'gpu', operator: 'Equal', value: 'false' }),
      node: makeNode().taint('gpu', 'true', 'NoSchedule'),
      want: blocked('untolerated taint {gpu: true}'),
    },
    {
      name: 'Exists toleration without effect',
      pod: makePod().tolerate({ key: 'gpu', operator: 'Exists' }),
      node: makeNode().taint('gpu', 'true', 'NoSchedule').taint('gpu', 'true', 'NoExecute'),
      want: FIT,
    },
    {
      name: 'toleration for the wrong effect',
      pod: makePod().tolerate({ key: 'gpu', operator: 'Exists', effect: 'NoExecute' }),
      node: makeNode().taint('gpu', 'true', 'NoSchedule'),
      want: blocked('untolerated taint {gpu: true}'),
    },
    {
      name: 'the first untolerated taint is named',
      pod: makePod().tolerate({ key: 'a', operator: 'Exists' }),
      node: makeNode().taint('a', '1', 'NoSchedule').taint('b', '2', 'NoSchedule'),
      want: blocked('untolerated taint {b: 2}'),
    },
    {
      name: 'tolerate everything',
      pod: makePod().tolerate({ operator: 'Exists' }),
      node: makeNode().taint('x', 'y', 'NoExecute'),
      want: FIT,
    },
  ])('$name', ({ pod, node, want }) => {
    expect(taintToleration.filter(pod.build(), node.info())).toEqual(want)
  })

  describe('NoExecute tolerated for a while', () => {
    const maint = { key: 'maint', value: 'true', effect: 'NoExecute' as const }
    const tol = (seconds?: number) => ({
      key: 'maint',
      operator: 'Exists' as const,
      effect: 'NoExecute' as const,
      ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
    })
    const node = () => makeNode('n').taint('maint', 'true', 'NoExecute')
    const T = 1_000_000
    const clocks = (startedAt: number) => new Map([[tolerationClockKey('id-n', maint), startedAt]])
    it.each([
      { name: 'tolerated for ever: fits', pod: { ...makePod().tolerate(tol()).build(), now: T }, want: FIT },
      {
        name: 'tolerationSeconds 0: never placed',
        pod: { ...makePod().tolerate(tol(0)).build(), now: T },
        want: blocked(usedUpToleration(maint)),
      },
      { name: '30 s, never there: fits', pod: { ...makePod().tolerate(tol(30)).build(), now: T }, want: FIT },
      {
        name: '30 s, clock started 29 s ago: fits',
        pod: { ...makePod().tolerate(tol(30)).build(), now: T, tolerationClocks: clocks(T - 29_000) },
        want: FIT,
      },
      {
        name: '30 s, clock started 30 s ago: used up',
        pod: { ...makePod().tolerate(tol(30)).build(), now: T, tolerationClocks: clocks(T - 30_000) },
        want: blocked(usedUpToleration(maint)),
      },
      {
        name: 'the smallest of two matching tolerations counts',
        pod: { ...makePod().tolerate(tol(300)).tolerate(tol(0)).build(), now: T },
        want: blocked(usedUpToleration(maint)),
      },
      {
        name: 'a clock on another node does not count',
        pod: {
          ...makePod().tolerate(tol(30)).build(),
          now: T,
          tolerationClocks: new Map([[tolerationClockKey('id-other', maint), T - 60_000]]),
        },
        want: FIT,
      },
    ])('$name', ({ pod, want }) => expect(taintToleration.filter(pod, node().info())).toEqual(want))

    it('a limited toleration makes the node a last resort; for ever or no NoExecute taint does not', () => {
      expect(limitedToleration(makePod().tolerate(tol(30)).build(), node().info())).toBe(true)
      expect(limitedToleration(makePod().tolerate(tol()).build(), node().info())).toBe(false)
      expect(limitedToleration(makePod().tolerate(tol(30)).build(), makeNode().info())).toBe(false)
    })
  })

  it('formats taints with and without a value', () => {
    expect(untoleratedTaint({ key: 'gpu', value: 'true', effect: 'NoSchedule' })).toBe('untolerated taint {gpu: true}')
    expect(untoleratedTaint({ key: 'gpu', effect: 'NoSchedule' })).toBe('untolerated taint {gpu}')
  })
})

describe('TaintToleration score', () => {
  it.each([
    { name: 'no taints', pod: makePod(), node: makeNode(), want: 0 },
    {
      name: 'counts untolerated PreferNoSchedule',
      pod: makePod(),
      node: makeNode().taint('a', '1', 'PreferNoSchedule').taint('b', '1', 'PreferNoSchedule'),
      want: 2,
    },
    { name: 'ignores other effects', pod: makePod(), node: makeNode().taint('a', '1', 'NoSchedule'), want: 0 },
    {
      name: 'tolerated ones do not count',
      pod: makePod().tolerate({ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }),
      node: makeNode().taint('a', '1', 'PreferNoSchedule').taint('b', '1', 'PreferNoSchedule'),
      want: 1,
    },
  ])('$name', ({ pod, node, want }) => {
    expect(preferNoScheduleCount(pod.build(), node.info())).toBe(want)
  })

  it('is scored in reverse (fewer is better)', () => expect(taintToleration.normalize).toBe('reverse'))
})
