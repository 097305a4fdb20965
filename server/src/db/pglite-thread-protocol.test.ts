import { describe, expect, it } from 'vitest'
import { deserializeError, serializeError } from './pglite-thread-protocol'

describe('errors between the store thread and the main thread', () => {
  it("keep PostgreSQL's fields (code, constraint …), name, message and stack", () => {
    const original = Object.assign(new Error('duplicate key value violates unique constraint "t_pkey"'), {
      code: '23505',
      constraint: 't_pkey',
      position: undefined,
      query: { not: 'plain' },
    })
    original.name = 'error'
    const copy = deserializeError(structuredClone(serializeError(original)))
    expect(copy).toBeInstanceOf(Error)
    expect(copy.message).toBe(original.message)
    expect(copy.name).toBe('error')
    expect(copy.stack).toBe(original.stack)
    expect(copy).toMatchObject({ code: '23505', constraint: 't_pkey' })
    expect('query' in copy).toBe(false) // only plain values cross
  })

  it('turn a thrown non-error into an error', () => {
    expect(deserializeError(serializeError('boom')).message).toBe('boom')
  })
})
