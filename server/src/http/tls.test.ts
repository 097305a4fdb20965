import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadTls, tlsFromEnv } from './tls'

describe('tls', () => {
  it('generates a self-signed certificate once, for localhost and the bound host, key mode 0600', async () => {
    const home = mkdtempSync(join(tmpdir(), 'stark-tls-'))
    const first = await loadTls({ selfSigned: true }, home, '10.1.2.3')
    const again = await loadTls({ selfSigned: true }, home, '10.1.2.3')
    expect(again.fingerprint).toBe(first.fingerprint)
    expect(statSync(join(home, 'tls', 'self-signed.key')).mode & 0o777).toBe(0o600)
    const cert = new X509Certificate(first.cert)
    expect(cert.subjectAltName).toMatch(/DNS:localhost/)
    expect(cert.subjectAltName).toMatch(/IP Address:127\.0\.0\.1/)
    expect(cert.subjectAltName).toMatch(/IP Address:10\.1\.2\.3/)
    expect(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(first.key))).toBe(true)
  })

  it('names the file it cannot read or parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stark-tls-'))
    await expect(loadTls({ certFile: join(dir, 'nope.crt'), keyFile: join(dir, 'nope.key') }, dir, 'localhost')).rejects.toThrow(
      /cannot read the TLS certificate .*nope\.crt: ENOENT/,
    )
    writeFileSync(join(dir, 'bad.crt'), 'not a certificate')
    writeFileSync(join(dir, 'bad.key'), 'not a key')
    await expect(loadTls({ certFile: join(dir, 'bad.crt'), keyFile: join(dir, 'bad.key') }, dir, 'localhost')).rejects.toThrow(
      /is not a PEM certificate/,
    )
  })

  it('reads the environment', () => {
    expect(tlsFromEnv({ STARK_TLS_CERT: 'c', STARK_TLS_KEY: 'k' })).toEqual({ certFile: 'c', keyFile: 'k' })
    expect(tlsFromEnv({ STARK_TLS_SELF_SIGNED: 'true' })).toEqual({ selfSigned: true })
    expect(tlsFromEnv({})).toBeUndefined()
  })
})
