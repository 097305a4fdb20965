import { describe, expect, it } from 'vitest'
import { createClientAddress, parseTrustedProxies } from './client-address'

describe('client address', () => {
  it('ignores X-Forwarded-For without trusted proxies', () => {
    const at = createClientAddress([])
    expect(at('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9')
    expect(at('::ffff:203.0.113.9', undefined)).toBe('203.0.113.9')
  })

  it('believes the header only from a trusted proxy, read from the right', () => {
    const at = createClientAddress(parseTrustedProxies('10.0.0.0/8, ::1'))
    // Direct client, not a proxy: its header is its own invention.
    expect(at('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9')
    // Through the proxy: the last untrusted hop is the client; what it prepended is ignored.
    expect(at('10.1.2.3', 'forged-by-client, 198.51.100.7')).toBe('198.51.100.7')
    expect(at('::1', '1.1.1.1, 198.51.100.7, 10.0.0.2')).toBe('198.51.100.7')
    expect(at('10.1.2.3', 'not-an-ip')).toBe('10.1.2.3')
    expect(at('::ffff:10.1.2.3', '198.51.100.8')).toBe('198.51.100.8')
  })

  it('refuses a malformed setting with the entry named', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/10.0.0.0\/33/)
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/proxy.local/)
    expect(parseTrustedProxies('')).toEqual([])
  })
})
