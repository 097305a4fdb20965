/** Join tokens against a real server: one new node per token, owned by its creator, WebSocket only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { randomBytes } from 'node:crypto'
import { silentLogger } from '@stark/shared'
import { defaultConfig } from '../config'
import { openPostgres } from '../db/postgres-client'
import { startServer } from '../server'
import { openTestPostgres } from '../testing/databases'
import { startTestServer, type TestServer } from '../testing/test-server'

let s: TestServer
let admin: string

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
})
afterAll(() => s.close())

/** Opens /ws with `token` as a browser does (subprotocol), sends `frame`, resolves with the first answer or the close. */
function attempt(
  token: string,
  frame: object,
  url = s.url,
): Promise<{ message?: any; close?: { code: number; reason: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/ws', ['stark.v1', `stark.bearer.${token}`])
    ws.on('open', () => ws.send(JSON.stringify(frame)))
    ws.on('message', (d) => {
      resolve({ message: JSON.parse(d.toString()) })
      ws.close()
    })
    ws.on('close', (code, reason) => resolve({ close: { code, reason: reason.toString() } }))
    ws.on('error', reject)
  })
}

const register = (name: string) => ({
  type: 'node:register',
  id: 'r1',
  payload: { protocol: 1, name, runtime: 'browser', allocatable: { cpu: 1000, memory: 512, pods: 4 } },
})

async function createToken(token = admin, body: unknown = {}) {
  return s.api('POST', '/api/nodes/tokens', body, token)
}

describe('join tokens', () => {
  it('gives a link whose fragment carries the token, and registers one node owned by the creator', async () => {
    const created = await createToken()
    expect(created.status).toBe(201)
    const { url, token, expiresAt } = created.body
    expect(url).toBe(`${s.url}/#join=${token}`)
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now())

    const first = await attempt(token, register('phone-1'))
    expect(first.message?.type).toBe('node:registered')
    expect(first.message.payload.nodeToken).toEqual(expect.any(String))
    const node = (await s.api('GET', '/api/nodes/phone-1', undefined, admin)).body
    expect(node).toMatchObject({ name: 'phone-1', runtime: 'browser' })
    const me = (await s.api('GET', '/api/auth/whoami', undefined, admin)).body
    expect(node.ownerId).toBe(me.id)

    // Single use: a second node with the same token is refused.
    const again = await attempt(token, register('phone-2'))
    expect(again.message).toMatchObject({
      type: 'error',
      payload: { code: expect.any(String), message: expect.stringContaining('already used') },
    })
    // …and the connection is closed for good (4403): the agent stops instead of retrying.
    const closed = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(s.url.replace('http', 'ws') + '/ws', ['stark.v1', `stark.bearer.${token}`])
      ws.on('open', () => ws.send(JSON.stringify(register('phone-3'))))
      ws.on('close', (code) => resolve(code))
      ws.on('error', reject)
    })
    expect(closed).toBe(4403)
  })

  it('links to https behind a TLS proxy', async () => {
    const res = await fetch(`${s.url}/api/nodes/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'x-forwarded-proto': 'https' },
    })
    expect(((await res.json()) as { url: string }).url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/#join=/)
  })

  it('is refused by REST and may not watch events', async () => {
    const { token } = (await createToken()).body
    expect((await s.api('GET', '/api/nodes', undefined, token)).status).toBe(401)
    expect((await s.api('GET', '/api/pods', undefined, token)).status).toBe(401)
    const watch = await attempt(token, { type: 'watch:subscribe', id: 'w1', payload: { topics: ['*'] } })
    expect(watch.message).toMatchObject({ type: 'error', payload: { message: expect.stringContaining('only users') } })
  })

  it('does not take over an existing node or its name', async () => {
    const { token } = (await createToken()).body
    const taken = await attempt(token, register('phone-1'))
    expect(taken.message?.payload?.message).toContain('taken')
    const returning = await attempt(token, { ...register('x'), payload: { ...register('x').payload, nodeId: 'some-node' } })
    expect(returning.message?.payload?.message).toContain('new node')
  })

  it('rejects a forged or expired token, and bad ttl values', async () => {
    const { token } = (await createToken()).body
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA')
    expect((await attempt(forged, register('forged'))).close?.code).toBe(4401)
    expect((await createToken(admin, { ttlSeconds: 5 })).status).toBe(400)
    expect((await createToken(admin, { ttlSeconds: 600, extra: true })).status).toBe(400)
    expect((await s.api('POST', '/api/nodes/tokens', {}, undefined)).status).toBe(401)
  })

  it.skipIf(!process.env.STARK_TEST_DATABASE_URL)(
    'stays used after a restart, and between two servers on one database',
    async () => {
      const pg = (await openTestPostgres())!
      const start = async () =>
        startServer({
          config: { ...defaultConfig({}), port: 0, secretKey: randomBytes(32).toString('base64') },
          db: await openPostgres({ url: pg.url, max: 5 }),
          log: silentLogger,
        })
      try {
        const a = await start()
        const setup = await fetch(`${a.url}/api/auth/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'a@example.com', password: 'test-password-1' }),
        })
        const { accessToken } = (await setup.json()) as { accessToken: string }
        const created = await fetch(`${a.url}/api/nodes/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${accessToken}` },
        })
        const { token } = (await created.json()) as { token: string }
        const b = await start()
        try {
          expect((await attempt(token, register('kiosk-1'), a.url)).message?.type).toBe('node:registered')
          // The second server on the same database knows it is used.
          expect((await attempt(token, register('kiosk-2'), b.url)).message?.payload?.message).toContain('already used')
          await a.close()
          const c = await start()
          // So does a restarted one.
          expect((await attempt(token, register('kiosk-3'), c.url)).message?.payload?.message).toContain('already used')
          await c.close()
        } finally {
          await a.close()
          await b.close()
        }
      } finally {
        await pg.drop()
      }
    },
  )
})
