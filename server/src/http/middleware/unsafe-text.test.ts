import { describe, expect, it } from 'vitest'
import { findUnsafeText, isUnsafe } from './unsafe-text'

describe('unsafe text', () => {
  it('finds NUL and lone surrogates in keys and values at any depth', () => {
    expect(findUnsafeText({ a: 'fine', b: ['ok', { c: 'x\u0000y' }] })).toBe('b[1].c')
    expect(findUnsafeText({ labels: { 'k\uD800': 'v' } })).toBe('labels.k\uFFFD (a key)')
    expect(findUnsafeText([['\uDC00']])).toBe('[0][0]')
    expect(findUnsafeText('\u0000')).toBe('(value)')
  })

  it('leaves well-formed text alone, astral characters included', () => {
    expect(findUnsafeText({ name: 'web', note: 'emoji 😀 and ünïcode', n: 1, z: null, deep: [[[{ t: true }]]] })).toBeUndefined()
    expect(isUnsafe('😀')).toBe(false)
    expect(isUnsafe('\uD83D')).toBe(true)
  })
})
