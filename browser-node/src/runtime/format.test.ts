import { describe, expect, it } from 'vitest'
import { formatArgs, formatValue, logLines } from './format'

describe('formatArgs', () => {
  it.each([
    [['to', 'stdout', 42], 'to stdout 42'],
    [['via ctx.log', { n: 1 }], 'via ctx.log { n: 1 }'],
    [[{ 'a-b': 'x', list: [1, 'two'] }], '{ "a-b": "x", list: [ 1, "two" ] }'],
    [[null, undefined, true], 'null undefined true'],
    [[[]], '[]'],
  ])('%j → %s', (args, want) => {
    expect(formatArgs(args)).toBe(want)
  })

  it('prints errors with their stack and survives cycles', () => {
    const e = new Error('boom')
    expect(formatValue(e)).toContain('boom')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(formatValue(cyclic)).toBe('{ self: [Circular] }')
  })

  it('splits lines', () => {
    expect(logLines('two\nlines')).toEqual(['two', 'lines'])
  })
})
