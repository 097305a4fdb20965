/**
 * The scheduler's profile (profile-ops.ts) through the app, in-process: everyone signed in reads
 * it, only admins change it, a change is validated, takes effect in the view at once and is
 * recorded as an event.
 */
import { describe, expect, it } from 'vitest'
import { useAppHarness } from '../testing/app-harness'

const h = useAppHarness()

describe('scheduler profile commands', () => {
  it('is read by anyone signed in (spread by default), by nobody anonymous', async () => {
    for (const caller of [h.alice, h.val, h.admin]) {
      const read = await h.call('GET', '/api/scheduler', undefined, caller)
      expect(read).toMatchObject({ status: 200, body: { name: 'spread', byConfig: false, overrides: {} } })
    }
    expect((await h.call('GET', '/api/scheduler')).status).toBe(401)
  })

  it('is changed by admins only, and a change shows at once with its overrides', async () => {
    expect((await h.call('PUT', '/api/scheduler', { name: 'binpack' }, h.alice)).status).toBe(403)
    expect((await h.call('PUT', '/api/scheduler', { name: 'binpack' }, h.val)).status).toBe(403)
    const set = await h.call('PUT', '/api/scheduler', { name: 'binpack', weights: { NodeAffinity: 5 } }, h.admin)
    expect(set).toMatchObject({ status: 200, body: { name: 'binpack', overrides: { NodeAffinity: 5 } } })
    expect(set.body.weights.NodeAffinity).toBe(5)
    expect((await h.call('GET', '/api/scheduler', undefined, h.bob)).body).toMatchObject({ name: 'binpack' })
    const events = await h.call('GET', '/api/events?limit=50', undefined, h.admin)
    const changed = (events.body.items as { type: string; message: string }[]).find((e) => e.type === 'SchedulerProfileChanged')
    expect(changed?.message).toContain('binpack')
  })

  it('refuses an unknown profile, an unknown plugin, weights out of range and unknown fields', async () => {
    expect((await h.call('PUT', '/api/scheduler', { name: 'random' }, h.admin)).status).toBe(400)
    expect((await h.call('PUT', '/api/scheduler', { name: 'spread', weights: { NoSuchPlugin: 1 } }, h.admin)).status).toBe(400)
    expect((await h.call('PUT', '/api/scheduler', { name: 'spread', weights: { NodeAffinity: 101 } }, h.admin)).status).toBe(400)
    expect((await h.call('PUT', '/api/scheduler', { name: 'spread', colour: 'red' }, h.admin)).status).toBe(400)
    expect((await h.call('GET', '/api/scheduler', undefined, h.admin)).body).toMatchObject({ name: 'binpack' })
  })
})
