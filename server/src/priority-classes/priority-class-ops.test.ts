/**
 * Priority classes (priority-class-ops.ts) through the app, in-process: admins create and delete
 * them, everyone signed in lists them, values are bounded, and a pod created with a class gets
 * its value (and an unknown class is a clear 400).
 */
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness({ hello: ['1.0.0'] })

describe('priority class commands', () => {
  it('lets only admins create one; everyone signed in lists it, nobody anonymous', async () => {
    expect((await h.call('POST', '/api/priorityclasses', { name: 'high', value: 900 }, h.alice)).status).toBe(403)
    expect((await h.call('POST', '/api/priorityclasses', { name: 'high', value: 900 }, h.val)).status).toBe(403)
    expect((await h.call('POST', '/api/priorityclasses', { name: 'high', value: 900 })).status).toBe(401)
    const created = await h.call('POST', '/api/priorityclasses', { name: 'high', value: 900, description: 'front' }, h.admin)
    expect(created).toMatchObject({ status: 201, body: { name: 'high', value: 900 } })
    for (const caller of [h.alice, h.val]) {
      const listed = await h.call('GET', '/api/priorityclasses', undefined, caller)
      expect(listed.status).toBe(200)
      expect((listed.body.items as { name: string }[]).map((c) => c.name)).toContain('high')
    }
    expect((await h.call('GET', '/api/priorityclasses', undefined)).status).toBe(401)
    expect((await h.call('GET', '/api/priorityclasses/high', undefined, h.bob)).body).toMatchObject({ value: 900 })
  })

  it('refuses values outside 0–1000, unknown fields and a name taken twice', async () => {
    expect((await h.call('POST', '/api/priorityclasses', { name: 'too-high', value: 1001 }, h.admin)).status).toBe(400)
    expect((await h.call('POST', '/api/priorityclasses', { name: 'negative', value: -1 }, h.admin)).status).toBe(400)
    expect((await h.call('POST', '/api/priorityclasses', { name: 'odd', value: 5, colour: 1 }, h.admin)).status).toBe(400)
    expect((await h.call('POST', '/api/priorityclasses', { name: 'high', value: 1 }, h.admin)).status).toBe(409)
  })

  it('gives a pod its class’s value (above 500 for admins only), and says which class does not exist', async () => {
    const over = await h.call('POST', '/api/pods', { pack: 'hello', name: 'urgent', priorityClass: 'high' }, h.alice)
    expect(over.status).toBe(403)
    expect(JSON.stringify(over.body)).toContain('priorities above 500 are for admins')
    expect((await h.call('POST', '/api/priorityclasses', { name: 'mid', value: 400 }, h.admin)).status).toBe(201)
    const pod = await h.call('POST', '/api/pods', { pack: 'hello', name: 'urgent', priorityClass: 'mid' }, h.alice)
    expect(pod).toMatchObject({ status: 201, body: { priority: 400 } })
    const unknown = await h.call('POST', '/api/pods', { pack: 'hello', priorityClass: 'nope' }, h.alice)
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(unknown.body)).toContain('priority class nope does not exist')
  })

  it('lets only admins delete one; pods keep the priority they were created with', async () => {
    expect((await h.call('DELETE', '/api/priorityclasses/mid', undefined, h.alice)).status).toBe(403)
    expect((await h.call('DELETE', '/api/priorityclasses/mid', undefined, h.admin)).status).toBe(200)
    expect((await h.call('DELETE', '/api/priorityclasses/mid', undefined, h.admin)).status).toBe(404)
    expect((await h.call('GET', '/api/pods/urgent', undefined, h.alice)).body).toMatchObject({ priority: 400 })
  })
})
