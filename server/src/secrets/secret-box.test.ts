import { mkdtempSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadOrCreateSecretKey, loadSecretKey, open, parseKey, seal } from './secret-box'

const dir = mkdtempSync(join(tmpdir(), 'stark-secret-box-'))

describe('secret box', () => {
  const key = parseKey('a'.repeat(64), 'test')

  it('seals and opens; the ciphertext does not contain the value and differs every time', () => {
    const a = seal(key, 'default/db', Buffer.from('hunter2-password'))
    const b = seal(key, 'default/db', Buffer.from('hunter2-password'))
    expect(a.equals(b)).toBe(false)
    expect(a.toString('latin1')).not.toContain('hunter2')
    expect(open(key, 'default/db', a).toString()).toBe('hunter2-password')
  })

  it('refuses another key, another name, and any flipped bit', () => {
    const sealed = seal(key, 'default/db', Buffer.from('v'))
    expect(() => open(parseKey('b'.repeat(64), 'other'), 'default/db', sealed)).toThrow()
    expect(() => open(key, 'team/db', sealed)).toThrow()
    const flipped = Buffer.from(sealed)
    flipped[flipped.length - 1]! ^= 1
    expect(() => open(key, 'default/db', flipped)).toThrow()
  })

  it('takes STARK_SECRET_KEY as hex or base64, and says what is wrong with anything else', () => {
    expect(parseKey(Buffer.alloc(32, 7).toString('base64'), 'env').key).toEqual(Buffer.alloc(32, 7))
    expect(parseKey(Buffer.alloc(32, 7).toString('base64url'), 'env').key).toEqual(Buffer.alloc(32, 7))
    expect(() => parseKey('short', 'STARK_SECRET_KEY')).toThrow(/STARK_SECRET_KEY must be 32 bytes/)
  })

  it('creates a 0600 key file once and reads the same key back after a restart', () => {
    const file = join(dir, 'home', 'secret.key')
    expect(loadSecretKey({ file })).toBeNull()
    const first = loadOrCreateSecretKey({ file })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(loadOrCreateSecretKey({ file }).id).toBe(first.id)
    expect(loadSecretKey({ env: 'c'.repeat(64), file })!.id).not.toBe(first.id)
  })

  it('refuses a key file others can read', () => {
    const file = join(dir, 'loose.key')
    writeFileSync(file, 'd'.repeat(64))
    chmodSync(file, 0o644)
    expect(() => loadSecretKey({ file })).toThrow(/readable by others.*chmod 600/)
  })
})
