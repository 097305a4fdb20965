/**
 * Template revisions on the real write path (PGlite), the real scheduling loop, a fake clock and
 * simulated agents: a new env rolls pods out under maxSurge like a new version, labels and scaling
 * restart nothing, a template whose pods fail is rolled back to the last healthy revision (pack
 * and template), and a template change in the middle of a version's rollout ends with every pod
 * on both.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PackRecord } from '../store/records'
import { createHarness, type Harness } from './testing/harness'

let h: Harness
let v1: PackRecord
beforeEach(async () => {
  h = await createHarness()
  v1 = await h.pack('web', '1.0.0')
})
afterEach(() => h.close())
describe('template rollouts', () => {
  it('a new env replaces every pod under maxSurge, keeping availability; the new pods carry the new hash', async () => {
    await h.node('a', { pods: 10 })
    await h.createService({ name: 'web', pack: 'web', replicas: 3, env: { MODE: 'one' } })
    await h.advance(1000)
    const first = h.service('web')
    expect(h.running('web').every((p) => p.spec.service?.templateHash === first.templateHash)).toBe(true)
    const samples: { total: number; available: number }[] = []
    const off = h.state.onPodChange(() => {
      const v = h.view('web')
      samples.push({ total: v.counts.current, available: v.counts.available })
    })
    await h.services.ops.update(h.admin, 'web', undefined, { env: { MODE: 'two' } })
    expect(h.service('web').rollout).toMatchObject({ fromPackId: v1.id, fromTemplateHash: first.templateHash })
    for (let i = 0; i < 10; i++) await h.advance(1000)
    off()
    const s = h.service('web')
    expect(h.live('web').map((p) => p.spec.env)).toEqual([{ MODE: 'two' }, { MODE: 'two' }, { MODE: 'two' }])
    expect(h.live('web').every((p) => p.spec.service?.templateHash === s.templateHash)).toBe(true)
    expect(Math.max(...samples.map((x) => x.total))).toBeLessThanOrEqual(4)
    expect(Math.min(...samples.map((x) => x.available))).toBeGreaterThanOrEqual(3)
    expect(s).toMatchObject({
      healthyPackId: v1.id,
      healthyTemplateHash: s.templateHash,
      rollout: null,
      condition: { type: 'Available', reason: 'RolloutComplete' },
    })
    expect(h.stopped.filter((x) => x.endsWith(':Rollout'))).toHaveLength(3)
  })

  it('labels and replicas change nothing that runs: no pod is stopped or replaced', async () => {
    await h.node('a', { pods: 10 })
    await h.createService({ name: 'web', pack: 'web', replicas: 2 })
    await h.advance(1000)
    const before = new Set(h.running('web').map((p) => p.id))
    await h.services.ops.update(h.admin, 'web', undefined, { labels: { tier: 'front' }, maxSurge: 2, minReadySeconds: 0 })
    await h.services.ops.scale(h.admin, 'web', undefined, 3)
    for (let i = 0; i < 3; i++) await h.advance(1000)
    expect(h.stopped).toEqual([])
    expect([...before].every((id) => h.running('web').some((p) => p.id === id))).toBe(true)
    expect(h.service('web').rollout).toBeNull()
  })

  it('a template whose pods fail is rolled back to the last healthy revision, pack and template', async () => {
    await h.node('a', { pods: 10 })
    await h.createService({ name: 'web', pack: 'web', replicas: 2, env: { MODE: 'good' } })
    await h.advance(1000)
    const healthy = h.service('web')
    const oldNames = new Set(h.running('web').map((p) => p.name))
    await h.services.ops.update(h.admin, 'web', undefined, { env: { MODE: 'bad', BEHAVIOUR: 'crash' } })
    for (let i = 0; i < 12; i++) await h.advance(1000)
    const s = h.service('web')
    expect(s).toMatchObject({
      packId: v1.id,
      templateHash: healthy.templateHash,
      template: { env: { MODE: 'good' } },
      // The pack version did not fail: it is not marked.
      failedPackId: null,
      condition: { type: 'RolledBack', reason: 'RollbackAfterFailures' },
    })
    expect(s.condition!.message).toMatch(
      /rolled back from web@1\.0\.0 \(template [0-9a-f]{8}\) to web@1\.0\.0 \(template [0-9a-f]{8}\)/,
    )
    expect(h.live('web').map((p) => p.spec.env)).toEqual([{ MODE: 'good' }, { MODE: 'good' }])
    // The old pods were never stopped for the failing template: they are up to date again.
    expect(h.running('web').every((p) => oldNames.has(p.name))).toBe(true)
    const revisions = (await h.services.ops.history(h.admin, 'web', undefined)).revisions
    expect(revisions.map((r) => [r.reason, r.template.env.MODE])).toEqual([
      ['RollbackAfterFailures', 'good'],
      ['Updated', 'bad'],
      ['Created', 'good'],
    ])
  })

  it('a template change in the middle of a version rollout ends with every pod on the new version and template', async () => {
    await h.node('a', { pods: 10 })
    await h.createService({ name: 'web', pack: 'web', replicas: 3, minReadySeconds: 2 })
    await h.advance(1000)
    const v2 = await h.pack('web', '2.0.0')
    await h.services.ops.update(h.admin, 'web', undefined, { pack: 'web', version: '2.0.0' })
    await h.advance(1000)
    await h.services.ops.update(h.admin, 'web', undefined, { args: ['--two'] })
    for (let i = 0; i < 20; i++) await h.advance(1000)
    const s = h.service('web')
    expect(h.live('web').map((p) => [p.packId, p.spec.args, p.spec.service?.templateHash])).toEqual([
      [v2.id, ['--two'], s.templateHash],
      [v2.id, ['--two'], s.templateHash],
      [v2.id, ['--two'], s.templateHash],
    ])
    expect(s).toMatchObject({ rollout: null, condition: { type: 'Available' }, healthyTemplateHash: s.templateHash })
  })

  it('a manual rollback brings the previous template back', async () => {
    await h.node('a', { pods: 10 })
    await h.createService({ name: 'web', pack: 'web', replicas: 2, env: { MODE: 'one' } })
    await h.advance(1000)
    await h.services.ops.update(h.admin, 'web', undefined, { env: { MODE: 'two' } })
    for (let i = 0; i < 8; i++) await h.advance(1000)
    expect(h.live('web').map((p) => p.spec.env.MODE)).toEqual(['two', 'two'])
    await h.services.ops.rollback(h.admin, 'web', undefined)
    for (let i = 0; i < 8; i++) await h.advance(1000)
    expect(h.live('web').map((p) => p.spec.env.MODE)).toEqual(['one', 'one'])
    expect(h.service('web')).toMatchObject({ rollout: null, condition: { reason: 'RolloutComplete' } })
  })
})
