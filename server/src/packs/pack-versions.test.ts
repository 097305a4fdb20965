/**
 * Pack versions on a real server: only semantic versions are registered, and a pod or service
 * that names no version runs the highest one by semver precedence — not the last registered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'

const bundle = (tag: string) => `export default async function main(ctx) { ctx.log(${JSON.stringify(tag)}) }`
let s: TestServer
let admin: string

beforeAll(async () => {
  s = await startTestServer()
  admin = await s.admin()
})
afterAll(() => s?.close())

const register = (name: string, version: string) => s.api('POST', '/api/packs', { name, version, bundle: bundle(version) }, admin)

describe('pack versions', () => {
  it('refuses a version that is not semver, saying what is expected', async () => {
    for (const version of ['1', 'v1.0.0', '2024-05-01', 'latest', '1.0']) {
      const r = await register('strict', version)
      expect(r.status, version).toBe(400)
      expect(JSON.stringify(r.body)).toMatch(/semantic version such as 1\.0\.0/)
    }
  })

  it('runs the highest version when none is named: 1.10.0 above 1.9.0, a release above its pre-release', async () => {
    for (const v of ['1.10.0', '2.0.0-rc.1', '1.9.0', '2.0.0-beta.3']) expect((await register('ordered', v)).status, v).toBe(201)
    const pre = await s.api('POST', '/api/pods', { pack: 'ordered' }, admin)
    expect(pre.status).toBe(201)
    expect(pre.body.pack.version).toBe('2.0.0-rc.1')
    expect((await register('ordered', '2.0.0')).status).toBe(201)
    expect((await register('ordered', '1.11.0')).status).toBe(201)
    const release = await s.api('POST', '/api/pods', { pack: 'ordered' }, admin)
    expect(release.body.pack.version).toBe('2.0.0')
  })
})
