import { describe, expect, it } from 'vitest'
import { defaultPlugins, parseSchedulerProfile } from './registry'

const weights = (profile: Parameters<typeof defaultPlugins>[0]) =>
  Object.fromEntries(
    defaultPlugins(profile)
      .filter((p) => p.weight > 0)
      .map((p) => [p.plugin.name, p.weight]),
  )

describe('scheduler profiles', () => {
  it('spread is the default; binpack swaps LeastAllocated and FewerPods for MostAllocated', () => {
    expect(weights({})).toEqual({ LeastAllocated: 1, FewerPods: 1, NodeAffinity: 2, TaintToleration: 3 })
    expect(weights({ name: 'binpack' })).toEqual({ MostAllocated: 1, NodeAffinity: 2, TaintToleration: 3 })
    expect(weights({ name: 'binpack', weights: { NodeAffinity: 5, FewerPods: 1 } })).toEqual({
      MostAllocated: 1,
      NodeAffinity: 5,
      TaintToleration: 3,
      FewerPods: 1,
    })
  })

  it('filters keep their order: ResourcesFit last, so its rejections mean "only capacity is missing"', () => {
    const filters = defaultPlugins()
      .filter((p) => p.plugin.filter)
      .map((p) => p.plugin.name)
    expect(filters).toEqual([
      'NodeName',
      'NodeReady',
      'NodeUnschedulable',
      'RuntimeMatch',
      'Trust',
      'NodeSelector',
      'NodeAffinity',
      'TaintToleration',
      'ResourcesFit',
    ])
  })

  it.each([
    [{ weights: { Nope: 1 } }, /unknown plugin "Nope"/],
    [{ weights: { LeastAllocated: -1 } }, /≥ 0/],
    [{ weights: { NodeReady: 1 } }, /does not score/],
    [{ name: 'pack' as never }, /unknown profile/],
  ])('refuses %j', (profile, message) => expect(() => defaultPlugins(profile)).toThrow(message))

  it.each([
    [undefined, {}],
    ['', {}],
    ['binpack', { name: 'binpack' }],
    [' spread ', { name: 'spread' }],
    ['{"name":"binpack","weights":{"NodeAffinity":4}}', { name: 'binpack', weights: { NodeAffinity: 4 } }],
    [{ weights: { FewerPods: 0 } }, { weights: { FewerPods: 0 } }],
  ])('reads %j from configuration', (value, want) => expect(parseSchedulerProfile(value)).toEqual(want))

  it.each([
    ['nope', /unknown profile/],
    [42, /expected a profile name/],
    [{ name: 'spread', extra: 1 }, /unknown field/],
    ['{"weights":{"X":1}}', /unknown plugin/],
  ])('refuses %j from configuration', (value, message) => expect(() => parseSchedulerProfile(value)).toThrow(message))
})
