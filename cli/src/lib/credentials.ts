/**
 * $STARK_HOME/credentials.json: one session per API URL. The file holds tokens, so it is written
 * readable by its owner only (0600, in a 0700 directory) and replaced atomically.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { CLIError } from './errors'

export interface Session {
  accessToken: string
  refreshToken: string
  /** When the access token expires (ISO 8601). */
  expiresAt: string
  email: string | null
  /** Signed in through a Supabase project (the tokens are that project's; refreshing goes there). */
  provider?: 'supabase'
  supabase?: { url: string; anonKey: string }
}

type CredentialsFile = Record<string, Session>

export const credentialsPath = (home: string) => join(home, 'credentials.json')

const isSession = (v: unknown): v is Session =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Session).accessToken === 'string' &&
  typeof (v as Session).refreshToken === 'string' &&
  typeof (v as Session).expiresAt === 'string'

function readAll(home: string): CredentialsFile {
  const path = credentialsPath(home)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new CLIError(`cannot read ${path}: ${(error as Error).message}`)
  }
  try {
    const raw: unknown = JSON.parse(text)
    if (typeof raw !== 'object' || raw === null) return {}
    return Object.fromEntries(
      Object.entries(raw).flatMap(([url, s]) =>
        isSession(s) ? [[url, { ...s, email: typeof s.email === 'string' ? s.email : null }]] : [],
      ),
    )
  } catch {
    return {} // a broken file is as good as none: the next login rewrites it
  }
}

function writeAll(home: string, all: CredentialsFile): void {
  mkdirSync(home, { recursive: true, mode: 0o700 })
  const path = credentialsPath(home)
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    writeSync(fd, `${JSON.stringify(all, null, 2)}\n`)
  } finally {
    closeSync(fd)
  }
  chmodSync(tmp, 0o600)
  renameSync(tmp, path)
}

export function readSession(home: string, apiUrl: string): Session | undefined {
  return readAll(home)[apiUrl]
}

export function writeSession(home: string, apiUrl: string, session: Session): void {
  writeAll(home, { ...readAll(home), [apiUrl]: session })
}

/** Forgets the session for one server; true when there was one. */
export function removeSession(home: string, apiUrl: string): boolean {
  const all = readAll(home)
  if (!(apiUrl in all)) return false
  delete all[apiUrl]
  if (Object.keys(all).length) writeAll(home, all)
  else rmSync(credentialsPath(home), { force: true })
  return true
}
