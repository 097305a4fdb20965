import { describe, expect, it } from 'vitest'
import { sha256Hex } from './sha256'

describe('sha256Hex', () => {
  it('is the same digest with WebCrypto and without it (a plain-HTTP origin)', async () => {
    const bytes = new TextEncoder().encode('export default () => 42\n'.repeat(100))
    const withSubtle = await sha256Hex(bytes, globalThis.crypto.subtle)
    expect(withSubtle).toMatch(/^[0-9a-f]{64}$/)
    expect(await sha256Hex(bytes, undefined)).toBe(withSubtle)
    expect(await sha256Hex(bytes.buffer, undefined)).toBe(withSubtle)
  })
})
