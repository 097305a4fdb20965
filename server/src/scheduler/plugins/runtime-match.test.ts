import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import { runtimeMatch, runtimeMismatch } from './runtime-match'

describe('RuntimeMatch', () => {
  it.each([
    {
      name: 'universal pack on a browser',
      pod: makePod().packRuntime('universal'),
      node: makeNode().runtime('browser'),
      want: FIT,
    },
    {
      name: 'universal pack on a Node.js node',
      pod: makePod().packRuntime('universal'),
      node: makeNode().runtime('node'),
      want: FIT,
    },
    { name: 'node pack on a Node.js node', pod: makePod().packRuntime('node'), node: makeNode().runtime('node'), want: FIT },
    {
      name: 'node pack on a browser',
      pod: makePod().packRuntime('node'),
      node: makeNode().runtime('browser'),
      want: { ok: false, reason: runtimeMismatch('node'), unresolvable: true },
    },
    {
      name: 'browser pack on a Node.js node',
      pod: makePod().packRuntime('browser'),
      node: makeNode().runtime('node'),
      want: { ok: false, reason: runtimeMismatch('browser'), unresolvable: true },
    },
  ])('$name', ({ pod, node, want }) => expect(runtimeMatch.filter(pod.build(), node.info())).toEqual(want))
})
