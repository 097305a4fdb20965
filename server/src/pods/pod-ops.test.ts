/**
 * Pod commands (pod-ops.ts) through the app, in-process: who may create, see and delete a pod,
 * what a create body must be, and a pod from create to delete.
 */
import { DEFAULT_POD_REQUEST } from '@stark/shared'
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness({ hello: ['1.0.0', '1.2.0', '1.10.0'] })

describe('pod commands', () => {
  it('creates a Pending pod of the highest version, with the default request, and finds it by name', async () => {
    const created = await h.call('POST', '/api/pods', { pack: 'hello', name: 'p1' }, h.alice)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'p1',
      namespace: 'default',
      status: 'Pending',
      incarnation: 0,
      restarts: 0,
      pack: { name: 'hello', version: '1.10.0' },
      resources: { cpu: DEFAULT_POD_REQUEST.cpu, memory: DEFAULT_POD_REQUEST.memory },
    })
    expect((await h.call('GET', '/api/pods/p1', undefined, h.alice)).body).toMatchObject({ id: created.body.id })
    expect((await h.call('GET', `/api/pods/${created.body.id}`, undefined, h.alice)).body).toMatchObject({ name: 'p1' })
  })

  it('refuses anonymous callers (401) and viewers (403); hides other users’ private packs (404)', async () => {
    expect((await h.call('POST', '/api/pods', { pack: 'hello' })).status).toBe(401)
    expect((await h.call('POST', '/api/pods', { pack: 'hello' }, h.val)).status).toBe(403)
    expect((await h.call('POST', '/api/pods', { pack: 'hello' }, h.bob)).status).toBe(404)
    expect((await h.call('POST', '/api/pods', { pack: 'hello', version: '9.9.9' }, h.alice)).status).toBe(404)
  })

  it('validates the body: unknown fields, a bad restart policy, priority with a class, a user above 500', async () => {
    const bad = [
      [{ pack: 'hello', colour: 'blue' }, 400],
      [{ pack: 'hello', restartPolicy: 'Sometimes' }, 400],
      [{ pack: 'hello', priority: 1, priorityClass: 'critical' }, 400],
      [{ pack: 'hello', priorityClass: 'no-such-class' }, 400],
      [{ pack: 'hello', priority: 900 }, 403],
      [{ pack: 'hello', namespace: 'system' }, 403],
    ] as const
    for (const [body, status] of bad)
      expect((await h.call('POST', '/api/pods', body, h.alice)).status, JSON.stringify(body)).toBe(status)
    expect((await h.call('GET', '/api/pods', undefined, h.alice)).body.items).toHaveLength(1)
  })

  it('uses a name once per namespace', async () => {
    expect((await h.call('POST', '/api/pods', { pack: 'hello', name: 'p1' }, h.alice)).status).toBe(409)
  })

  it('lets viewers read but not delete, hides a pod from other users, and deletes it for its owner', async () => {
    expect((await h.call('GET', '/api/pods/p1', undefined, h.bob)).status).toBe(404)
    expect((await h.call('GET', '/api/pods', undefined, h.bob)).body.items).toEqual([])
    expect((await h.call('GET', '/api/pods/p1', undefined, h.val)).status).toBe(200)
    expect((await h.call('DELETE', '/api/pods/p1', undefined, h.val)).status).toBe(403)
    expect((await h.call('DELETE', '/api/pods/p1', undefined, h.bob)).status).toBe(404)
    // A pod is stopped first (kept, marked deleted); deleting a stopped pod removes it.
    const stopped = await h.call('DELETE', '/api/pods/p1', undefined, h.alice)
    expect(stopped).toMatchObject({ status: 200, body: { deleted: false, pod: { status: 'Stopped' } } })
    expect(stopped.body.pod.deletedAt).not.toBeNull()
    expect((await h.call('DELETE', '/api/pods/p1', undefined, h.alice)).body).toMatchObject({ deleted: true })
    expect((await h.call('GET', '/api/pods/p1', undefined, h.alice)).status).toBe(404)
  })
})
