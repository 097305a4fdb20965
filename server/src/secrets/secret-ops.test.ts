/**
 * Secret commands (secret-ops.ts) through the app, in-process: only owners and admins see a
 * secret (viewers never), values are never answered, keys are checked, and a pod may reference
 * only secrets of its own namespace that its owner may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAppHarness, type AppHarness, type Caller } from '../testing/app-harness'

let h: AppHarness
let alice: Caller
let bob: Caller
let val: Caller

beforeAll(async () => {
  h = await startAppHarness()
  ;[alice, bob, val] = [await h.user('alice'), await h.user('bob'), await h.user('val', 'viewer')]
  expect((await h.call('POST', '/api/packs', { name: 'hello', version: '1.0.0', bundle: '// hello' }, alice)).status).toBe(201)
}, 180_000)
afterAll(() => h?.close())

describe('secret commands', () => {
  it('creates a secret and answers its keys, never its values', async () => {
    const created = await h.call('POST', '/api/secrets', { name: 'db', data: { DB_PASSWORD: 's3cret', DB_USER: 'ada' } }, alice)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'db', namespace: 'default' })
    expect([...created.body.keys].sort()).toEqual(['DB_PASSWORD', 'DB_USER'])
    const got = await h.call('GET', '/api/secrets/db', undefined, alice)
    expect(got.status).toBe(200)
    expect(JSON.stringify(got.body)).not.toContain('s3cret')
    expect(JSON.stringify((await h.call('GET', '/api/secrets', undefined, alice)).body)).not.toContain('s3cret')
  })

  it('hides a secret from other users (404) and refuses viewers every secret (403)', async () => {
    expect((await h.call('GET', '/api/secrets/db', undefined, bob)).status).toBe(404)
    expect((await h.call('GET', '/api/secrets', undefined, bob)).body.items).toEqual([])
    expect((await h.call('GET', '/api/secrets', undefined, val)).status).toBe(403)
    expect((await h.call('GET', '/api/secrets/db', undefined, val)).status).toBe(403)
    expect((await h.call('GET', '/api/secrets/db', undefined, h.admin)).status).toBe(200)
    expect((await h.call('DELETE', '/api/secrets/db', undefined, bob)).status).toBe(404)
  })

  it('checks keys and names: an empty secret, a key that is no variable name, unknown fields, a taken name', async () => {
    const bad = [
      [{ name: 'empty', data: {} }, 400],
      [{ name: 'bad-key', data: { 'not a name': 'x' } }, 400],
      [{ name: 'extra', data: { A: '1' }, colour: 'blue' }, 400],
      [{ name: 'db', data: { A: '1' } }, 409],
    ] as const
    for (const [body, status] of bad)
      expect((await h.call('POST', '/api/secrets', body, alice)).status, JSON.stringify(body)).toBe(status)
    expect((await h.call('POST', '/api/secrets', { name: 'mine', data: { A: '1' } }, val)).status).toBe(403)
  })

  it('lets a pod reference its owner’s secrets only', async () => {
    expect((await h.call('POST', '/api/pods', { pack: 'hello', name: 'uses-db', secrets: ['db'] }, alice)).status).toBe(201)
    expect((await h.call('POST', '/api/pods', { pack: 'hello', name: 'no-such', secrets: ['nope'] }, alice)).status).toBe(404)
    await h.call('POST', '/api/packs', { name: 'bobs', version: '1.0.0', bundle: '// bob' }, bob)
    expect((await h.call('POST', '/api/pods', { pack: 'bobs', name: 'steals', secrets: ['db'] }, bob)).status).toBe(404)
  })

  it('deletes a secret for its owner', async () => {
    expect(await h.call('DELETE', '/api/secrets/db', undefined, alice)).toMatchObject({ status: 200, body: { name: 'db' } })
    expect((await h.call('GET', '/api/secrets/db', undefined, alice)).status).toBe(404)
  })
})
