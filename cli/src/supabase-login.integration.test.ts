/**
 * `stark auth login --supabase` against a real Stark server configured with a Supabase project,
 * the project's auth being a local stand-in that answers as GoTrue does (no network): the CLI
 * signs in through @supabase/supabase-js, Stark accepts the project's token with the role from
 * app_metadata, and an expired session is refreshed with Supabase.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sign } from 'hono/jwt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig, startServer, type RunningServer } from '@stark/server/testing'
import { openTestPglite } from '@stark/server/testing'
import { readSession } from './lib/credentials'
import { ExitCode } from './lib/errors'
import { cliRunner } from './testing/cli-runner'
import { testContext, type TestContext } from './testing/test-context'

const SECRET = 'the-projects-jwt-secret-at-least-32-characters'
const SAM = { id: randomUUID(), email: 'sam@example.com', password: 'sams password' }

let gotrue: Server
let projectUrl: string
const calls: string[] = []
let expiresIn = 3600

/** GoTrue's token endpoint, as supabase-js calls it. */
async function session(iss: string) {
  const now = Math.floor(Date.now() / 1000)
  const user = {
    id: SAM.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: SAM.email,
    app_metadata: { provider: 'email', role: 'viewer' },
    user_metadata: { role: 'admin' },
    created_at: new Date().toISOString(),
  }
  const access = await sign(
    {
      iss,
      aud: 'authenticated',
      sub: SAM.id,
      email: SAM.email,
      role: 'authenticated',
      session_id: 's1',
      app_metadata: user.app_metadata,
      user_metadata: user.user_metadata,
      iat: now,
      exp: now + Math.max(expiresIn, 5),
    },
    SECRET,
    'HS256',
  )
  return {
    access_token: access,
    token_type: 'bearer',
    expires_in: expiresIn,
    expires_at: now + expiresIn,
    refresh_token: randomBytes(8).toString('hex'),
    user,
  }
}

let server: RunningServer
const contexts: TestContext[] = []

beforeAll(async () => {
  gotrue = createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://x')
      calls.push(`${req.method} ${url.pathname}?grant_type=${url.searchParams.get('grant_type')} apikey=${req.headers.apikey}`)
      const input = body ? JSON.parse(body) : {}
      const ok =
        url.searchParams.get('grant_type') === 'refresh_token'
          ? Boolean(input.refresh_token)
          : input.email === SAM.email && input.password === SAM.password
      res.setHeader('content-type', 'application/json')
      if (!ok) {
        res.statusCode = 400
        return res.end(JSON.stringify({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' }))
      }
      res.end(JSON.stringify(await session(`${projectUrl}/auth/v1`)))
    })
  })
  await new Promise<void>((resolve) => gotrue.listen(0, '127.0.0.1', resolve))
  projectUrl = `http://127.0.0.1:${(gotrue.address() as AddressInfo).port}`
  const home = testContext().home
  const config = {
    ...defaultConfig({}),
    home,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent' as const,
    logPretty: false,
    secretKey: randomBytes(32).toString('base64'),
  }
  server = await startServer({
    config: { ...config, supabase: { url: projectUrl, jwtSecret: SECRET, anonKey: 'the-anon-key' } },
    db: await openTestPglite(),
  })
})
afterAll(async () => {
  await server?.close()
  await new Promise((r) => gotrue?.close(r))
})
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup()
})

function freshHome() {
  const ctx = testContext({ env: { STARK_API_URL: server.url } })
  contexts.push(ctx)
  return { ctx, stark: cliRunner(() => ctx).stark }
}

describe('stark auth login --supabase', () => {
  it('signs in with the project, and Stark takes the role from app_metadata (never user_metadata)', async () => {
    const { ctx, stark } = freshHome()
    const r = await stark('auth', 'login', '--supabase', '--email', SAM.email, '--password', SAM.password)
    expect(r, r.err).toMatchObject({ code: 0, out: `logged in to ${server.url} through Supabase as sam@example.com (viewer)\n` })
    expect(calls.at(-1)).toBe('POST /auth/v1/token?grant_type=password apikey=the-anon-key')
    expect(readSession(ctx.home, server.url)).toMatchObject({ provider: 'supabase', email: SAM.email })
    expect(JSON.parse((await stark('auth', 'whoami', '-o', 'json')).out)).toMatchObject({ id: SAM.id, role: 'viewer' })
    expect((await stark('namespace', 'create', 'sams')).err).toMatch(/role viewer may not create namespaces/)
  })

  it('refreshes an expired session with Supabase', async () => {
    expiresIn = -60
    const { stark } = freshHome()
    expect((await stark('auth', 'login', '--supabase', '--email', SAM.email, '--password', SAM.password)).code).toBe(0)
    expiresIn = 3600
    const before = calls.filter((c) => c.includes('refresh_token')).length
    expect((await stark('pod', 'list')).code).toBe(0)
    expect(calls.filter((c) => c.includes('refresh_token')).length).toBe(before + 1)
  })

  it('a wrong password is refused by the project: exit 3', async () => {
    const { stark } = freshHome()
    const r = await stark('auth', 'login', '--supabase', '--email', SAM.email, '--password', 'not it at all')
    expect(r.code).toBe(ExitCode.unauthenticated)
    expect(r.err).toMatch(/Supabase sign-in failed: Invalid login credentials/)
  })
})
