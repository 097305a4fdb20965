import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import { checkPeriodFor, classifyNode, DEFAULT_NODE_HEALTH, evictionDelayMs, podsToEvict } from './node-health'

const o = DEFAULT_NODE_HEALTH
const T = 1_000_000

describe('classifyNode', () => {
  const ready = makeNode('a').record()
  it.each([
    ['heard from just now', ready, T, 'ok'],
    ['silent just under the grace', ready, T - o.notReadyAfterMs + 1, 'ok'],
    ['silent for the grace', ready, T - o.notReadyAfterMs, 'not-ready'],
    ['NotReady and silent under the offline limit', makeNode('b').status('NotReady').record(), T - o.offlineAfterMs + 1, 'ok'],
    ['NotReady and silent past the offline limit', makeNode('c').status('NotReady').record(), T - o.offlineAfterMs, 'offline'],
  ] as const)('%s', (_, node, lastSeen, want) => {
    expect(classifyNode(node, lastSeen, T, o)).toBe(want)
  })
})

describe('eviction of pods on an unreachable node', () => {
  const plain = makePod('plain').boundTo('n', 'Running').record()
  const stays30 = makePod('stays30')
    .tolerate({ key: 'stark.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 })
    .boundTo('n', 'Running')
    .record()
  const forever = makePod('forever')
    .tolerate({ key: 'stark.io/unreachable', operator: 'Exists', effect: 'NoExecute' })
    .boundTo('n', 'Running')
    .record()
  const everything = makePod('everything').tolerate({ operator: 'Exists' }).boundTo('n', 'Running').record()
  const done = makePod('done').boundTo('n', 'Succeeded').record()

  it('uses the default delay, a toleration’s seconds, or for ever', () => {
    expect(evictionDelayMs(plain, 1000)).toBe(1000)
    expect(evictionDelayMs(stays30, 1000)).toBe(30_000)
    expect(evictionDelayMs(forever, 1000)).toBe(Infinity)
    expect(evictionDelayMs(everything, 1000)).toBe(Infinity)
  })

  it('gives up due pods only, never finished ones', () => {
    const pods = [plain, stays30, forever, done]
    expect(podsToEvict(pods, T, T + 999, 1000)).toEqual([])
    expect(podsToEvict(pods, T, T + 1000, 1000).map((p) => p.name)).toEqual(['plain'])
    expect(podsToEvict(pods, T, T + 30_000, 1000).map((p) => p.name)).toEqual(['plain', 'stays30'])
    expect(podsToEvict(pods, T, T + 86_400_000, 1000).map((p) => p.name)).toEqual(['plain', 'stays30'])
  })
})

describe('checkPeriodFor', () => {
  it.each([
    [10_000, 1000],
    [60_000, 1000],
    [2000, 200],
    [100, 50],
  ])('checks a node grace of %i ms every %i ms', (grace, every) => {
    expect(checkPeriodFor(grace)).toBe(every)
  })

  it('is the default check period for the default grace', () => {
    expect(checkPeriodFor(DEFAULT_NODE_HEALTH.notReadyAfterMs)).toBe(DEFAULT_NODE_HEALTH.checkEveryMs)
  })
})
