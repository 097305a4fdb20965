import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempHome } from '../testing/test-context'
import { credentialsPath, readSession, removeSession, writeSession, type Session } from './credentials'

const session = (n: number): Session => ({
  accessToken: `a${n}`,
  refreshToken: `r${n}`,
  expiresAt: '2030-01-01T00:00:00.000Z',
  email: 'ada@example.com',
})
const mode = (path: string) => statSync(path).mode & 0o777

let base: string
afterEach(() => rmSync(base, { recursive: true, force: true }))

describe('credentials', () => {
  it('writes the file 0600 in a new 0700 directory', () => {
    base = makeTempHome()
    const home = join(base, 'nested', '.stark')
    writeSession(home, 'http://127.0.0.1:8080', session(1))
    expect(mode(credentialsPath(home))).toBe(0o600)
    expect(mode(home)).toBe(0o700)
  })

  it('replaces a file that had loose permissions with a 0600 one', () => {
    base = makeTempHome()
    mkdirSync(base, { recursive: true })
    writeFileSync(credentialsPath(base), '{}', { mode: 0o644 })
    writeSession(base, 'http://a', session(1))
    expect(mode(credentialsPath(base))).toBe(0o600)
  })

  it('keeps one session per API URL', () => {
    base = makeTempHome()
    writeSession(base, 'http://a', session(1))
    writeSession(base, 'http://b', session(2))
    writeSession(base, 'http://a', session(3))
    expect(readSession(base, 'http://a')).toEqual(session(3))
    expect(readSession(base, 'http://b')).toEqual(session(2))
    expect(readSession(base, 'http://c')).toBeUndefined()
  })

  it('forgets one session, and the file with the last one', () => {
    base = makeTempHome()
    writeSession(base, 'http://a', session(1))
    writeSession(base, 'http://b', session(2))
    expect(removeSession(base, 'http://a')).toBe(true)
    expect(removeSession(base, 'http://a')).toBe(false)
    expect(readSession(base, 'http://b')).toEqual(session(2))
    removeSession(base, 'http://b')
    expect(() => statSync(credentialsPath(base))).toThrow(/ENOENT/)
  })

  it('treats a missing or broken file as no session', () => {
    base = makeTempHome()
    expect(readSession(base, 'http://a')).toBeUndefined()
    writeFileSync(credentialsPath(base), 'garbage')
    expect(readSession(base, 'http://a')).toBeUndefined()
    writeFileSync(credentialsPath(base), JSON.stringify({ 'http://a': { accessToken: 1 } }))
    expect(readSession(base, 'http://a')).toBeUndefined()
  })
})
