/**
 * Secret commands (secret-ops.ts) through the app, in-process: only owners and admins see a
 * secret (viewers never), values are never answered, keys are checked, and a pod may reference
 * only secrets of its own namespace that its owner may see.
 */
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness({ hello: ['1.0.0'] })

describe('secret commands', () => {
  it('creates a secret and answers its keys, never its values', async () => {
    const created = await h.call('POST', '/api/secrets', { name: 'db', data: { DB_PASSWORD: 's3cret', DB_USER: 'ada' } }, h.alice)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'db', namespace: 'default' })
    expect([...created.body.keys].sort()).toEqual(['DB_PASSWORD', 'DB_USER'])
    const got = await h.call('GET', '/api/secrets/db', undefined, h.alice)
    expect(got.status).toBe(200)
    expect(JSON.stringify(got.body)).not.toContain('s3cret')
    expect(JSON.stringify((await h.call('GET', '/api/secrets', undefined, h.alice)).body)).not.toContain('s3cret')
  })

  it('hides a secret from other users (404) and refuses viewers every secret (403)', async () => {
    expect((await h.call('GET', '/api/secrets/db', undefined, h.bob)).status).toBe(404)
    expect((await h.call('GET', '/api/secrets', undefined, h.bob)).body.items).toEqual([])
    expect((await h.call('GET', '/api/secrets', undefined, h.val)).status).toBe(403)
    expect((await h.call('GET', '/api/secrets/db', undefined, h.val)).status).toBe(403)
    expect((await h.call('GET', '/api/secrets/db', undefined, h.admin)).status).toBe(200)
    expect((await h.call('DELETE', '/api/secrets/db', undefined, h.bob)).status).toBe(404)
  })

  it('checks keys and names: an empty secret, a key that is no variable name, unknown fields, a taken name', async () => {
    const bad = [
      [{ name: 'empty', data: {} }, 400],
      [{ name: 'bad-key', data: { 'not a name': 'x' } }, 400],
      [{ name: 'extra', data: { A: '1' }, colour: 'blue' }, 400],
      [{ name: 'db', data: { A: '1' } }, 409],
    ] as const
    for (const [body, status] of bad)
      expect((await h.call('POST', '/api/secrets', body, h.alice)).status, JSON.stringify(body)).toBe(status)
    expect((await h.call('POST', '/api/secrets', { name: 'mine', data: { A: '1' } }, h.val)).status).toBe(403)
  })

  it('lets a pod reference its owner’s secrets only', async () => {
    expect((await h.call('POST', '/api/pods', { pack: 'hello', name: 'uses-db', secrets: ['db'] }, h.alice)).status).toBe(201)
    expect((await h.call('POST', '/api/pods', { pack: 'hello', name: 'no-such', secrets: ['nope'] }, h.alice)).status).toBe(404)
    await h.call('POST', '/api/packs', { name: 'bobs', version: '1.0.0', bundle: '// bob' }, h.bob)
    expect((await h.call('POST', '/api/pods', { pack: 'bobs', name: 'steals', secrets: ['db'] }, h.bob)).status).toBe(404)
  })

  it('deletes a secret for its owner', async () => {
    expect(await h.call('DELETE', '/api/secrets/db', undefined, h.alice)).toMatchObject({ status: 200, body: { name: 'db' } })
    expect((await h.call('GET', '/api/secrets/db', undefined, h.alice)).status).toBe(404)
  })
})
