/**
 * Service commands (service-ops.ts and the modules it gathers) through the app, in-process: who
 * may create, change and delete a service, what a service body must be, and a service from create
 * through scale, update, rollback, pause and resume to delete.
 */
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness({ hello: ['1.0.0', '1.1.0'] })

describe('service commands', () => {
  it('creates a service with the defaults filled in', async () => {
    const created = await h.call('POST', '/api/services', { name: 'web', pack: 'hello@1.0.0', replicas: 2 }, h.alice)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'web',
      namespace: 'default',
      mode: 'replicas',
      replicas: 2,
      paused: false,
      deleting: false,
      pack: { name: 'hello', version: '1.0.0' },
      strategy: { maxSurge: 1, maxUnavailable: 0, minReadySeconds: 1 },
      ownerId: h.alice.id,
      generation: 1,
    })
  })

  it('validates the body: both modes, too many replicas, a strategy that cannot progress, unknown fields, a taken name', async () => {
    const bad = [
      [{ name: 'both', pack: 'hello', daemonset: true, replicas: 2 }, 400],
      [{ name: 'huge', pack: 'hello', replicas: 10_001 }, 400],
      [{ name: 'stuck', pack: 'hello', maxSurge: 0, maxUnavailable: 0 }, 400],
      [{ name: 'extra', pack: 'hello', colour: 'blue' }, 400],
      [{ name: 'sys', pack: 'hello', namespace: 'system' }, 403],
      [{ name: 'web', pack: 'hello' }, 409],
      [{ name: 'other', pack: 'no-such-pack' }, 404],
    ] as const
    for (const [body, status] of bad)
      expect((await h.call('POST', '/api/services', body, h.alice)).status, JSON.stringify(body)).toBe(status)
    expect((await h.call('POST', '/api/services', { name: 'v', pack: 'hello' }, h.val)).status).toBe(403)
    expect((await h.call('POST', '/api/services', { name: 'b', pack: 'hello' }, h.bob)).status).toBe(404)
  })

  it('hides a service from other users, lets viewers read but not change it', async () => {
    expect((await h.call('GET', '/api/services/web', undefined, h.bob)).status).toBe(404)
    expect((await h.call('POST', '/api/services/web/scale', { replicas: 1 }, h.bob)).status).toBe(404)
    expect((await h.call('GET', '/api/services/web', undefined, h.val)).status).toBe(200)
    expect((await h.call('POST', '/api/services/web/scale', { replicas: 1 }, h.val)).status).toBe(403)
    expect((await h.call('DELETE', '/api/services/web', undefined, h.val)).status).toBe(403)
  })

  it('scales, rolls to a new version and back, pauses and resumes, each a new generation', async () => {
    const scaled = await h.call('POST', '/api/services/web/scale', { replicas: 3 }, h.alice)
    expect(scaled.body).toMatchObject({ replicas: 3, generation: 2 })
    const updated = await h.call('PATCH', '/api/services/web', { pack: 'hello@1.1.0' }, h.alice)
    expect(updated.body).toMatchObject({ pack: { version: '1.1.0' }, generation: 3 })
    const history = await h.call('GET', '/api/services/web/history', undefined, h.alice)
    expect(history.status).toBe(200)
    expect(JSON.stringify(history.body)).toMatch(/1\.1\.0[\s\S]*1\.0\.0/)
    expect((await h.call('POST', '/api/services/web/rollback', undefined, h.alice)).body).toMatchObject({
      pack: { version: '1.0.0' },
    })
    expect((await h.call('POST', '/api/services/web/pause', undefined, h.alice)).body).toMatchObject({ paused: true })
    expect((await h.call('POST', '/api/services/web/resume', undefined, h.alice)).body).toMatchObject({ paused: false })
  })

  it('refuses to scale a DaemonSet and to roll back a service that never ran another version', async () => {
    expect((await h.call('POST', '/api/services', { name: 'agent', pack: 'hello', daemonset: true }, h.alice)).status).toBe(201)
    expect((await h.call('POST', '/api/services/agent/scale', { replicas: 2 }, h.alice)).status).toBe(400)
    expect((await h.call('POST', '/api/services/agent/rollback', undefined, h.alice)).status).toBe(409)
  })

  it('deletes a service for its owner: marked deleting, then changes are refused', async () => {
    expect((await h.call('DELETE', '/api/services/web', undefined, h.bob)).status).toBe(404)
    const deleted = await h.call('DELETE', '/api/services/web', undefined, h.alice)
    expect(deleted).toMatchObject({ status: 200, body: { name: 'web', deleting: true } })
    const again = await h.call('POST', '/api/services/web/scale', { replicas: 1 }, h.alice)
    expect([404, 409]).toContain(again.status)
  })
})
