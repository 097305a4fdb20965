import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { decode, encode, encodeError } from './codec'
import { messages, type MessageType } from './messages'
import { ProtocolErrorCode } from './errors'
import { samplePayloads } from '../testing/protocol-samples'

const SIDES = ['agent→server', 'server→agent'] as const
const CODES = new Set<string>(Object.values(ProtocolErrorCode))
const TYPES = Object.keys(messages) as MessageType[]

/**
 * What must hold for any input on either side: decode returns (never throws); a failure carries a
 * known code; and the error reply built from it is itself a valid message for the other side.
 */
function checkDecode(raw: unknown) {
  for (const side of SIDES) {
    const r = decode(raw, side)
    if (r.ok) {
      // Stable: what was accepted encodes to something accepted again, unchanged.
      const { type, payload, ...extra } = r.value
      const again = decode(encode(type, payload as never, extra), side)
      expect(again).toEqual(r)
      continue
    }
    expect(CODES.has(r.error.code)).toBe(true)
    expect(typeof r.error.message).toBe('string')
    const reply = decode(
      encodeError(r.error.code, r.error.message, r.error),
      side === 'agent→server' ? 'server→agent' : 'agent→server',
    )
    expect(reply.ok).toBe(true)
  }
}

/** A sample message with some of its payload fields (at any depth) replaced by arbitrary values. */
const mutatedMessage = fc
  .record({
    type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
    id: fc.option(fc.oneof(fc.string({ maxLength: 140 }), fc.anything()), { nil: undefined }),
    replyTo: fc.option(fc.oneof(fc.string({ maxLength: 140 }), fc.anything()), { nil: undefined }),
    mutations: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.jsonValue()), { maxLength: 4 }),
  })
  .map(({ type, id, replyTo, mutations }) => {
    const base: unknown = Object.hasOwn(samplePayloads, type) ? samplePayloads[type as MessageType] : {}
    const payload = JSON.parse(JSON.stringify(base)) as unknown
    for (const [pick, pickChild, value] of mutations) mutate(payload, pick, pickChild, value)
    return JSON.stringify({ type, id, replyTo, payload })
  })

function mutate(node: unknown, pick: number, pickChild: number, value: unknown) {
  if (typeof node !== 'object' || node === null) return
  const keys = Object.keys(node)
  if (keys.length === 0) return
  const key = keys[pick % keys.length]!
  const rec = node as Record<string, unknown>
  const child = rec[key]
  if (typeof child === 'object' && child !== null && pickChild % 2 === 0) mutate(child, pickChild, pick, value)
  else rec[key] = value
}

describe('codec: decode never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), checkDecode), {
      numRuns: 500,
    })
  })

  it('on arbitrary JSON text', () => {
    fc.assert(fc.property(fc.json(), checkDecode), { numRuns: 500 })
  })

  it('on arbitrary JSON objects with a type field', () => {
    const framed = fc
      .tuple(fc.oneof(fc.constantFrom(...TYPES), fc.string()), fc.dictionary(fc.string(), fc.jsonValue()))
      .map(([type, rest]) => JSON.stringify({ ...rest, type }))
    fc.assert(fc.property(framed, checkDecode), { numRuns: 500 })
  })

  it('on valid messages with fields replaced by arbitrary values', () => {
    fc.assert(fc.property(mutatedMessage, checkDecode), { numRuns: 1000 })
  })

  it('on values that are not text at all', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        for (const side of SIDES) expect(decode(raw, side)).toMatchObject({ ok: false, error: { code: 'malformed' } })
      }),
    )
  })
})
