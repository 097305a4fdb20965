import { describe, expect, it } from 'vitest'
import { CLIError, ExitCode } from './errors'
import { checkDatabaseUrl, describeDatabaseUrl, startFailure } from './start-failure'

class LockedError extends Error {}
const isLocked = (e: unknown) => e instanceof LockedError
const where = { host: '127.0.0.1', port: 8080 }
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('server start failures', () => {
  it('never prints the database password', () => {
    expect(describeDatabaseUrl('postgres://stark:s3cret@db.example.com:5432/stark')).toBe('db.example.com:5432/stark')
    expect(describeDatabaseUrl('postgresql://localhost')).toBe('localhost')
  })

  it('refuses a database URL that is not postgres:// (exit 2)', () => {
    expect(() => checkDatabaseUrl('postgres://u@h/db')).not.toThrow()
    for (const bad of ['not a url', 'mysql://h/db']) {
      try {
        checkDatabaseUrl(bad)
        expect.unreachable()
      } catch (error) {
        expect((error as CLIError).exitCode).toBe(ExitCode.usage)
      }
    }
  })

  it.each([
    [
      'a locked data directory',
      new LockedError('data directory /d is in use by another Stark server (pid 1)'),
      where,
      ExitCode.failure,
      'data directory /d is in use by another Stark server (pid 1)',
    ],
    [
      'a port in use',
      withCode('listen EADDRINUSE', 'EADDRINUSE'),
      where,
      ExitCode.failure,
      '127.0.0.1:8080 is already in use (another Stark server?): stop it or pick another --port',
    ],
    [
      'a database that refuses connections',
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      { ...where, databaseUrl: 'postgres://u:pw@127.0.0.1:5432/x' },
      ExitCode.unavailable,
      'cannot use the database at 127.0.0.1:5432/x: connect ECONNREFUSED 127.0.0.1:5432',
    ],
    [
      'a wrong database password',
      withCode('password authentication failed for user "u"', '28P01'),
      { ...where, databaseUrl: 'postgres://u:pw@h/x' },
      ExitCode.unavailable,
      'cannot use the database at h/x: password authentication failed for user "u"',
    ],
    [
      'a failed migration',
      withCode('syntax error', '42601'),
      { ...where, databaseUrl: 'postgres://u:pw@h/x' },
      ExitCode.failure,
      'cannot use the database at h/x: syntax error',
    ],
    [
      'anything else',
      new Error('EACCES: permission denied, mkdir /data'),
      where,
      ExitCode.failure,
      'the server could not start: EACCES: permission denied, mkdir /data',
    ],
  ])('%s', (_, error, at, code, message) => {
    const failure = startFailure(error, at, isLocked)
    expect(failure).toBeInstanceOf(CLIError)
    expect(failure.exitCode).toBe(code)
    expect(failure.message).toBe(message)
    expect(failure.message).not.toContain('pw@')
  })
})
