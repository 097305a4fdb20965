import { describe, expect, it } from 'vitest'
import { decode, encode, encodeError, type DecodeFailure } from './codec'
import { messages, type Direction, type MessageType } from './messages'
import { MAX_MESSAGE_BYTES } from './version'
import { samplePayloads } from '../testing/protocol-samples'

type Side = Exclude<Direction, 'both'>
const receiverOf = (type: MessageType): Side[] => {
  const d = messages[type].direction
  return d === 'both' ? ['agent→server', 'server→agent'] : [d]
}
const failure = (raw: unknown, accept: Side = 'agent→server'): DecodeFailure => {
  const r = decode(raw, accept)
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`)
  return r.error
}
const frame = (o: unknown) => JSON.stringify(o)

describe('codec: round trip', () => {
  it('has a sample for every message type', () => {
    expect(Object.keys(samplePayloads).sort()).toEqual(Object.keys(messages).sort())
  })

  for (const type of Object.keys(messages) as MessageType[]) {
    it(`${type} survives encode → decode on the receiving side`, () => {
      for (const side of receiverOf(type)) {
        const raw = encode(type, samplePayloads[type] as never, { id: 'm1', replyTo: 'm0' })
        const r = decode(raw, side)
        expect(r).toEqual({ ok: true, value: { type, id: 'm1', replyTo: 'm0', payload: samplePayloads[type] } })
      }
    })
  }

  it('fills defaults and drops unknown payload and envelope fields', () => {
    const raw = frame({
      type: 'node:register',
      extra: true,
      payload: { protocol: 1, name: 'n', runtime: 'browser', allocatable: { cpu: 1, memory: 1, pods: 1 }, future: 'x' },
    })
    expect(decode(raw, 'agent→server')).toEqual({
      ok: true,
      value: {
        type: 'node:register',
        payload: {
          protocol: 1,
          name: 'n',
          runtime: 'browser',
          allocatable: { cpu: 1, memory: 1, pods: 1 },
          labels: {},
          taints: [],
          pods: [],
        },
      },
    })
  })

  it('treats a missing payload as an empty one', () => {
    expect(decode(frame({ type: 'node:heartbeat' }), 'agent→server')).toEqual({
      ok: true,
      value: { type: 'node:heartbeat', payload: {} },
    })
  })
})

describe('codec: garbage in, error values out', () => {
  it.each([
    ['a number', 42],
    ['an ArrayBuffer', new ArrayBuffer(8)],
    ['a Uint8Array', new Uint8Array([123, 125])],
    ['null', null],
    ['undefined', undefined],
    ['an object', { type: 'node:heartbeat' }],
  ])('refuses non-text frames: %s', (_, raw) => {
    expect(failure(raw)).toEqual({ code: 'malformed', message: 'frames must be JSON text' })
  })

  it.each(['', 'not json', '{"type":', "{'type':'x'}", '{"type":"node:heartbeat"}}'])('refuses invalid JSON: %j', (raw) => {
    expect(failure(raw)).toMatchObject({ code: 'malformed', message: 'message is not valid JSON' })
  })

  it.each(['null', '[]', '[{"type":"node:heartbeat"}]', '"node:heartbeat"', '7', 'true', '{}', '{"type":7}', '{"type":null}'])(
    'refuses JSON that is not an object with a string type: %s',
    (raw) => {
      expect(failure(raw).code).toBe('malformed')
    },
  )

  it.each(['pod:explode', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses an unknown type: %j',
    (type) => {
      expect(failure(frame({ type, id: 'x1' }))).toMatchObject({ code: 'unknown-type', type, id: 'x1' })
    },
  )

  it('refuses a message travelling the wrong way, as unknown to the receiver', () => {
    expect(failure(encode('pod:assign', samplePayloads['pod:assign']), 'agent→server').code).toBe('unknown-type')
    expect(failure(encode('node:heartbeat', {}), 'server→agent').code).toBe('unknown-type')
  })

  it('names the field of an invalid payload and keeps the id for the reply', () => {
    const bad = {
      ...samplePayloads['pod:assign'].pod,
      podId: 7,
      pack: { ...samplePayloads['pod:assign'].pod.pack, sha256: 'XYZ' },
    }
    const e = failure(frame({ type: 'pod:assign', id: 'a1', payload: { pod: bad } }), 'server→agent')
    expect(e).toMatchObject({ code: 'invalid-payload', type: 'pod:assign', id: 'a1' })
    expect(e.message).toMatch(/^invalid pod:assign payload: /)
    expect(e.message).toContain('pod.podId')
    expect(e.message).toContain('pod.pack.sha256')
  })

  it.each([
    ['a payload that is not an object', { type: 'pod:stop', payload: 'stop!' }],
    ['a negative incarnation', { type: 'pod:stop', payload: { ...samplePayloads['pod:stop'], incarnation: -1 } }],
    ['an unknown status', { type: 'pod:status', payload: { ...samplePayloads['pod:status'], status: 'Exploded' } }],
    ['an empty log batch', { type: 'pod:log', payload: { podId: 'p', incarnation: 1, entries: [] } }],
    ['a bad label key', { type: 'node:register', payload: { ...samplePayloads['node:register'], labels: { 'bad key': 'x' } } }],
    ['an unknown error code', { type: 'error', payload: { code: 'oops', message: 'm' } }],
  ])('refuses %s', (_, message) => {
    const [side] = receiverOf(message.type as MessageType)
    expect(failure(frame(message), side).code).toBe('invalid-payload')
  })

  it('refuses a frame over MAX_MESSAGE_BYTES, counting bytes, not characters', () => {
    const pad = (n: number, ch: string) =>
      frame({
        type: 'pod:log',
        payload: { podId: 'p', incarnation: 1, entries: [{ ts: 0, stream: 'stdout', line: ch.repeat(n) }] },
      })
    // ~600k characters of ASCII: more than a third of the limit in UTF-16 units, yet under it in bytes.
    expect(decode(pad(600_000, 'a'), 'agent→server').ok).toBe(false) // the line itself is too long for the schema…
    expect(failure(pad(600_000, 'a')).code).toBe('invalid-payload') // …but the size check let it through
    // 400k three-byte characters: 400k UTF-16 units, 1.2 MB of UTF-8.
    expect(failure(pad(400_000, '€'))).toEqual({ code: 'too-large', message: `message exceeds ${MAX_MESSAGE_BYTES} bytes` })
    expect(failure('x'.repeat(MAX_MESSAGE_BYTES + 1)).code).toBe('too-large')
  })

  it.each([
    ['a numeric id', { id: 5 }, /"id"/],
    ['an over-long id', { id: 'i'.repeat(129) }, /"id"/],
    ['a numeric replyTo', { replyTo: 5 }, /"replyTo"/],
    ['an over-long replyTo', { replyTo: 'r'.repeat(129) }, /"replyTo"/],
  ])('refuses %s', (_, extra, message) => {
    const e = failure(frame({ type: 'node:heartbeat', payload: {}, ...extra }))
    expect(e.code).toBe('malformed')
    expect(e.message).toMatch(message)
    expect(e.type).toBe('node:heartbeat')
  })

  it('accepts ids and replyTo of up to 128 characters', () => {
    const r = decode(frame({ type: 'node:heartbeat', id: 'i'.repeat(128), replyTo: 'r'.repeat(128) }), 'agent→server')
    expect(r.ok && r.value.id?.length === 128 && r.value.replyTo?.length === 128).toBe(true)
  })

  it('keeps at most 64 characters of an unknown type for the reply', () => {
    expect(failure(frame({ type: 't'.repeat(500) })).type).toHaveLength(64)
  })
})

describe('codec: error replies', () => {
  it('addresses the failed message by type and id', () => {
    const raw = encodeError('invalid-payload', 'bad', { type: 'pod:assign', id: 'a1' })
    expect(decode(raw, 'server→agent')).toEqual({
      ok: true,
      value: { type: 'error', replyTo: 'a1', payload: { code: 'invalid-payload', message: 'bad', about: 'pod:assign' } },
    })
  })

  it('omits what it does not know', () => {
    expect(JSON.parse(encodeError('malformed', 'not JSON'))).toEqual({
      type: 'error',
      payload: { code: 'malformed', message: 'not JSON' },
    })
  })

  it('stays valid when the failure names a huge field (an error reply must never be refused in turn)', () => {
    const pod = { ...samplePayloads['pod:assign'].pod, env: { ['K'.repeat(5000)]: 'v' } }
    const e = failure(frame({ type: 'pod:assign', id: 'a1', payload: { pod } }), 'server→agent')
    expect(e.message.length).toBeGreaterThan(4096)
    expect(decode(encodeError(e.code, e.message, e), 'agent→server').ok).toBe(true)
  })

  it('is always a valid error message, however long the text it carries', () => {
    const raw = encodeError('internal', 'x'.repeat(10_000), { type: 'y'.repeat(100), id: 'z'.repeat(128) })
    expect(decode(raw, 'agent→server').ok).toBe(true)
  })
})
