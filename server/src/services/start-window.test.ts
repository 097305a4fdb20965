/**
 * The start window on the real write path (PGlite) and a fake clock, with simulated agents: an
 * agent reports Running before the pack's code has run, so with minReadySeconds 0 a version that
 * throws at start must still never count as available — its rollout is rolled back and no old pod
 * is stopped for it.
 */
import { afterEach, beforeEach, it, expect } from 'vitest'
import type { PackRecord } from '../store/records'
import { createHarness, type Harness } from './testing/harness'

let h: Harness
let v1: PackRecord
beforeEach(async () => {
  h = await createHarness()
  v1 = await h.pack('web', '1.0.0')
})
afterEach(() => h.close())

it.each([1, 2])(
  'minReadySeconds 0 (%i replicas): a version that throws at start never counts as available, so it is rolled back and the old pods stay',
  async (replicas) => {
    await h.node('a')
    await h.node('b')
    await h.createService({ name: 'web', pack: 'web', replicas, minReadySeconds: 0 })
    await h.advance(1000)
    const oldNames = new Set(h.running('web').map((p) => p.name))
    const bad = await h.pack('web', '2.0.0', 'crash')
    await h.services.ops.update(h.admin, 'web', undefined, { pack: 'web', version: '2.0.0' })
    for (let i = 0; i < 20; i++) await h.advance(1000)
    expect(h.service('web')).toMatchObject({
      packId: v1.id,
      failedPackId: bad.id,
      healthyPackId: v1.id,
      condition: { type: 'RolledBack', reason: 'RollbackAfterFailures' },
    })
    const types = (await h.events()).map((e) => e.type)
    expect(types.indexOf('RolledBack')).toBeGreaterThan(-1)
    // No RolloutComplete for the bad version (the rollback's own completion comes after it).
    expect(types.slice(0, types.indexOf('RolledBack'))).not.toContain('RolloutComplete')
    // No old pod was stopped for the rollout: the crashing pods never counted as available.
    expect(h.stopped.filter((x) => x.endsWith(':Rollout') && oldNames.has(x.split('#')[0]!))).toEqual([])
    expect(h.live('web').map((p) => p.packId)).toEqual(Array(replicas).fill(v1.id))
  },
)
