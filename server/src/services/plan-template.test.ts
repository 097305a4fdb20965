/**
 * The planner with template revisions: a pod is up to date only with the service's pack version
 * and template hash, so a new template is rolled out (and rolled back) like a new version. Pure.
 */
import { describe, expect, it } from 'vitest'
import type { PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { planService, type PlanInput } from './plan'
import { makeService, makeServicePod, readyWhenRunning, T0 } from './testing/fixtures'

const NOW = T0 + 60_000

function plan(service: ServiceRecord, pods: PodRecord[], extra: Partial<PlanInput> = {}) {
  return planService({ service, pods, nodes: new Map(), now: NOW, readySince: readyWhenRunning, ...extra })
}

describe('template revisions: a pod is up to date only with the service’s pack version and template', () => {
  const t2 = (s: ServiceRecord): ServiceRecord => ({
    ...s,
    template: { ...s.template, env: { MODE: 'two' } },
    templateHash: 'h2',
    rollout: { fromPackId: s.packId, fromTemplateHash: s.templateHash, startedAt: T0, rollback: false },
  })

  it('pods of the old template are replaced like pods of an old version, under maxSurge', () => {
    const before = makeService({ replicas: 2, templateHash: 'h1' })
    const pods = [makeServicePod(before), makeServicePod(before)]
    const s = t2(before)
    const p = plan(s, pods)
    expect(p.create).toEqual([{ reason: 'Rollout' }])
    expect(p.remove).toEqual([])
    expect(p.counts.updated).toBe(0)
    expect(p.complete).toBe(false)
  })

  it('pods made before template hashes (none on the pod) are up to date with a service whose hash is empty', () => {
    const s = makeService({ replicas: 2, templateHash: '' })
    const p = plan(s, [makeServicePod(s), makeServicePod(s)])
    expect(p.counts.updated).toBe(2)
    expect(p.complete).toBe(true)
    expect(p.create).toEqual([])
  })

  it('a template change in the middle of a version rollout: pods of the new version with the old template are old too', () => {
    const v1 = makeService({ replicas: 2, packId: 'v1', templateHash: 'h1' })
    const v2 = makeService({ replicas: 2, packId: 'v2', templateHash: 'h1' })
    const s = t2(v2)
    const pods = [makeServicePod(v1), makeServicePod(v2), makeServicePod(s)]
    const p = plan(s, pods)
    expect(p.counts.updated).toBe(1)
    // Only the pod of both the new version and the new template is kept for good.
    expect(p.remove.every((r) => r.pod.spec.service?.templateHash !== 'h2')).toBe(true)
    expect(p.complete).toBe(false)
  })

  it('is complete once every pod carries the new template', () => {
    const s = t2(makeService({ replicas: 2, templateHash: 'h1' }))
    expect(plan(s, [makeServicePod(s), makeServicePod(s)]).complete).toBe(true)
  })

  it('a failing template of the same version rolls back to the healthy template', () => {
    const healthyTemplate = { ...makeService().template, env: { MODE: 'good' } }
    const s = makeService({
      template: { ...healthyTemplate, env: { MODE: 'bad' } },
      templateHash: 'bad',
      rollout: { fromPackId: 'v2', fromTemplateHash: 'good', startedAt: T0, rollback: false },
      healthyPackId: 'v2',
      healthyTemplateHash: 'good',
      healthyTemplate,
    })
    const p = plan(s, [makeServicePod(s, { status: 'Failed' })], { rolloutFailures: { count: 3 } })
    expect(p.retarget).toMatchObject({ to: { packId: 'v2', templateHash: 'good', template: healthyTemplate }, why: 'Rollback' })
    // Healthy is the current revision itself: nothing to go back to.
    const healthyNow = { ...s, healthyTemplateHash: 'bad', healthyTemplate: s.template }
    expect(
      plan(healthyNow, [makeServicePod(s, { status: 'Failed' })], { rolloutFailures: { count: 3 } }).retarget,
    ).toBeUndefined()
  })
})
