/** GET /api/usage against a real server: samples of what the caller may see, averaged to `points`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/test-server'

let s: TestServer
let admin: string
const ids: Record<string, string> = {}

const login = async (email: string, password: string) =>
  (await s.api('POST', '/api/auth/login', { email, password })).body.accessToken as string

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
  await s.deps.auth.register('alice@example.com', 'alice-password', 'user', null)
  await s.deps.auth.register('vera@example.com', 'vera-password', 'viewer', null)
  const alice = await login('alice@example.com', 'alice-password')
  await s.api('POST', '/api/packs', { name: 'u', version: '1.0.0', visibility: 'public', bundle: 'export default 1' }, admin)
  ids.admins = (await s.api('POST', '/api/pods', { pack: 'u', name: 'admins' }, admin)).body.id
  ids.alices = (await s.api('POST', '/api/pods', { pack: 'u', name: 'alices' }, alice)).body.id
  for (let i = 0; i < 10; i++) {
    s.deps.usage.history.record('some-node', [
      { podId: ids.admins!, cpu: i * 10, memory: 100 },
      { podId: ids.alices!, cpu: 5, memory: 20 + i },
    ])
  }
})
afterAll(() => s?.close())

describe('GET /api/usage', () => {
  it('gives each pod the caller may see its samples, averaged down to points', async () => {
    const r = await s.api('GET', '/api/usage?points=5', undefined, admin)
    expect(r.status).toBe(200)
    expect(r.body.windowSeconds).toBe(900)
    const admins = r.body.pods.find((p: any) => p.name === 'admins')
    // The reports came within one step: the last one is the sample kept.
    expect(admins.samples).toHaveLength(1)
    expect(admins.samples[0].slice(1)).toEqual([90, 100])
    expect(r.body.pods.map((p: any) => p.name).sort()).toEqual(['admins', 'alices'])
  })

  it('shows a user only their own pods, a viewer all, and filters by namespace', async () => {
    const alice = await login('alice@example.com', 'alice-password')
    const vera = await login('vera@example.com', 'vera-password')
    expect((await s.api('GET', '/api/usage', undefined, alice)).body.pods.map((p: any) => p.name)).toEqual(['alices'])
    expect((await s.api('GET', '/api/usage', undefined, vera)).body.pods).toHaveLength(2)
    expect((await s.api('GET', '/api/usage?namespace=elsewhere', undefined, vera)).body.pods).toEqual([])
    expect((await s.api('GET', '/api/usage')).status).toBe(401)
  })
})
