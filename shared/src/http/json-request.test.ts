import { describe, expect, it } from 'vitest'
import { jsonRequest } from './json-request'

describe('jsonRequest', () => {
  it('sends a body as JSON with its content type, and a token as Bearer, each only when given', () => {
    expect(jsonRequest('GET')).toEqual({ method: 'GET', headers: {} })
    expect(jsonRequest('POST', { a: 1 }, 't')).toEqual({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: '{"a":1}',
    })
    expect(jsonRequest('POST', null)).toEqual({ method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' })
  })
})
