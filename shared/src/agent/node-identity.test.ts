import { describe, expect, it } from 'vitest'
import { readNodeIdentity, storedNodeIdentity } from './node-identity'

const identity = { nodeId: 'n-1', name: 'edge-1', nodeToken: 'secret' }

describe('node identity schema', () => {
  it('reads an identity and drops fields it does not know', () => {
    expect(readNodeIdentity(identity)).toEqual(identity)
    expect(readNodeIdentity({ ...identity, extra: 1 })).toEqual(identity)
  })

  it.each([
    ['null', null],
    ['a string', 'n-1'],
    ['an array', [identity]],
    ['a missing token', { nodeId: 'n-1', name: 'edge-1' }],
    ['a numeric id', { ...identity, nodeId: 7 }],
  ])('finds no identity in %s', (_, value) => {
    expect(readNodeIdentity(value)).toBeUndefined()
  })

  it('stores the three fields only', () => {
    expect(storedNodeIdentity({ ...identity, other: 'x' } as typeof identity)).toEqual(identity)
  })
})
