import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import type { FilterResult, SchedulerPlugin } from '../types'
import { NODE_NOT_READY, nodeReady } from './node-ready'
import { NODE_CORDONED, nodeUnschedulable } from './node-unschedulable'
import { INSUFFICIENT_CPU, INSUFFICIENT_MEMORY, resourcesFit, TOO_MANY_PODS } from './resources-fit'
import { runtimeMatch, runtimeMismatch } from './runtime-match'

type Case = { name: string; plugin: SchedulerPlugin; pod: ReturnType<typeof makePod>; node: ReturnType<typeof makeNode>; want: FilterResult }

const fit: FilterResult = { ok: true }

const cases: Case[] = [
  { name: 'ready node fits', plugin: nodeReady, pod: makePod(), node: makeNode(), want: fit },
  { name: 'NotReady node rejected', plugin: nodeReady, pod: makePod(), node: makeNode().status('NotReady'), want: { ok: false, reason: NODE_NOT_READY, unresolvable: true } },
  { name: 'Offline node rejected', plugin: nodeReady, pod: makePod(), node: makeNode().status('Offline'), want: { ok: false, reason: NODE_NOT_READY, unresolvable: true } },
  { name: 'schedulable node fits', plugin: nodeUnschedulable, pod: makePod(), node: makeNode(), want: fit },
  { name: 'cordoned node rejected', plugin: nodeUnschedulable, pod: makePod(), node: makeNode().cordoned(), want: { ok: false, reason: NODE_CORDONED, unresolvable: true } },
  { name: 'universal pack on browser', plugin: runtimeMatch, pod: makePod().packRuntime('universal'), node: makeNode().runtime('browser'), want: fit },
  { name: 'node pack on node', plugin: runtimeMatch, pod: makePod().packRuntime('node'), node: makeNode().runtime('node'), want: fit },
  { name: 'node pack on browser', plugin: runtimeMatch, pod: makePod().packRuntime('node'), node: makeNode().runtime('browser'), want: { ok: false, reason: runtimeMismatch('node'), unresolvable: true } },
  { name: 'browser pack on node', plugin: runtimeMatch, pod: makePod().packRuntime('browser'), node: makeNode().runtime('node'), want: { ok: false, reason: runtimeMismatch('browser'), unresolvable: true } },
  { name: 'fits exactly', plugin: resourcesFit, pod: makePod().requests(1000, 1024), node: makeNode().cpu(2000).memory(2048).used(1000, 1024), want: fit },
  { name: 'one millicore too many', plugin: resourcesFit, pod: makePod().requests(1001, 10), node: makeNode().cpu(2000).used(1000, 0), want: { ok: false, reason: INSUFFICIENT_CPU } },
  { name: 'one MB too many', plugin: resourcesFit, pod: makePod().requests(10, 1025), node: makeNode().memory(2048).used(0, 1024), want: { ok: false, reason: INSUFFICIENT_MEMORY } },
  { name: 'pod count full', plugin: resourcesFit, pod: makePod().requests(0, 0), node: makeNode().maxPods(2).used(0, 0, 2), want: { ok: false, reason: TOO_MANY_PODS } },
]

describe('filter plugins', () => {
  it.each(cases)('$plugin.name: $name', ({ plugin, pod, node, want }) => {
    expect(plugin.filter!(pod.build(), node.info())).toEqual(want)
  })
})
