/** The hand check of plain heartbeats agrees with the schema: it never accepts what zod refuses, nor yields another value. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decode, encode } from './codec'
import { messages } from './messages'
import { plainHeartbeat } from './plain-heartbeat'

const schema = messages['node:heartbeat'].payload
const id = fc.oneof(fc.string({ minLength: 0, maxLength: 70 }), fc.uuid(), fc.integer(), fc.constant(null))
const num = fc.oneof(fc.integer({ min: -5, max: 2 ** 53 + 2 }), fc.double(), fc.constant(-0), fc.string(), fc.constant(null))
const status = fc.oneof(fc.constantFrom('Running', 'Succeeded', 'Failed', 'Stopped', 'Pending', 'running'), fc.integer())
const extra = fc.dictionary(fc.constantFrom('x', '__proto__', 'podId', 'constructor'), fc.jsonValue(), { maxKeys: 1 })
const run = fc
  .tuple(fc.record({ podId: id, incarnation: num, status }, { requiredKeys: [] }), extra)
  .map(([r, e]) => ({ ...e, ...r }))
const usage = fc
  .tuple(fc.record({ podId: id, incarnation: num, cpu: num, memory: num }, { requiredKeys: [] }), extra)
  .map(([r, e]) => ({ ...e, ...r }))
const payload = fc.oneof(
  fc.record(
    {
      pods: fc.oneof(fc.array(run, { maxLength: 4 }), fc.constant({}), fc.constant(null)),
      usage: fc.oneof(fc.array(usage, { maxLength: 4 }), fc.string()),
      node: fc.record({ memory: num }),
      conditions: fc.constant([]),
      other: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
)
const goodRun = fc.record({
  podId: fc.uuid(),
  incarnation: fc.nat(),
  status: fc.constantFrom('Running', 'Succeeded', 'Failed', 'Stopped'),
})
const goodUsage = fc.record({
  podId: fc.uuid(),
  incarnation: fc.nat(),
  cpu: fc.nat(10_000_000),
  memory: fc.double({ min: 0, max: 1e8, noNaN: true }),
})

describe('plain heartbeats', () => {
  it('are accepted only when the schema accepts them, as the same value (wire JSON, valid or not)', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const wire = JSON.parse(JSON.stringify(p) ?? 'null')
        const plain = plainHeartbeat(wire)
        if (plain === undefined) return
        const parsed = schema.safeParse(JSON.parse(JSON.stringify(p)))
        expect(parsed.success).toBe(true)
        expect(plain).toEqual(parsed.data)
      }),
      { numRuns: 3000 },
    )
  })

  it('take the hand check in the usual case (runs, usage), and decode to what the schema yields', () => {
    fc.assert(
      fc.property(
        fc.array(goodRun, { maxLength: 20 }),
        fc.option(fc.array(goodUsage, { maxLength: 5 }), { nil: undefined }),
        (pods, use) => {
          const frame = encode('node:heartbeat', use ? { pods, usage: use } : { pods })
          const wire = JSON.parse(frame).payload
          expect(plainHeartbeat(wire)).toBeDefined()
          const decoded = decode(frame, 'agent→server')
          expect(decoded.ok && decoded.value.payload).toEqual(schema.parse(JSON.parse(frame).payload))
        },
      ),
    )
  })

  it('leave a bad heartbeat to the schema, which words the error', () => {
    const bad = JSON.stringify({ type: 'node:heartbeat', payload: { pods: [{ podId: '', incarnation: 1, status: 'Running' }] } })
    expect(plainHeartbeat(JSON.parse(bad).payload)).toBeUndefined()
    const decoded = decode(bad, 'agent→server')
    expect(decoded.ok).toBe(false)
    if (!decoded.ok) expect(decoded.error.message).toMatch(/invalid node:heartbeat payload: pods\.0\.podId/)
  })
})
