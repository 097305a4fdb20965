/** The watch feed's service rows: rebuilt when their pods change, paced when rebuilding one costs much. */
import { fakeClock } from '@stark/shared/testing'
import { describe, expect, it } from 'vitest'
import type { Pacer } from '../../controllers/pacer'
import { makePod } from '../../scheduler/testing/fixtures'
import { createClusterState } from '../../state/cluster-state'
import { createEventBus } from '../../state/event-bus'
import type { PodRecord } from '../../store/records'
import type { ServiceRecord } from '../../store/services'
import { createChangeLog } from './change-log'
import { startWatchSources, type WatchSourceDeps } from './watch-sources'

describe('watch sources: service rows', () => {
  it('a pod change re-records its service when the row differs; a costly service waits its paced turn', async () => {
    const svc = { id: 'svc-1', name: 'web' } as ServiceRecord
    let shown = 'row 1'
    const builds: string[] = []
    const services = {
      store: { get: (id: string) => (id === svc.id ? svc : undefined), all: () => [svc], onChange: () => () => {} },
      ready: { all: () => new Map<string, number>() },
      view: () => (builds.push(shown), { row: shown }),
    } as unknown as WatchSourceDeps['services']
    const waits = new Map<string, number>()
    // The pacer's own bookkeeping is tested in pacer.test.ts; here, what the feed does with a wait.
    const pacer: Pacer = { run: (_key, fn) => fn(), wait: (key) => waits.get(key) ?? 0, forget: () => {} }
    const state = createClusterState({ nodes: [], pods: [], packs: [] })
    const log = createChangeLog({ startedAt: 1, window: 100 })
    const recorded: unknown[] = []
    log.subscribe('services', (c) => recorded.push(c.next))
    const clock = fakeClock()
    const stop = startWatchSources({ state, services, bus: createEventBus(), log, clock, pacer })
    const base = makePod('web-a').record()
    const pod = (n: number): PodRecord => ({
      ...base,
      id: 'pod-1',
      restarts: n,
      spec: { ...base.spec, service: { id: svc.id } as PodRecord['spec']['service'] },
    })
    const settle = () => new Promise((r) => setImmediate(r))

    state.apply({ pods: [pod(0)] })
    await settle()
    expect(recorded).toHaveLength(0) // the row did not change
    shown = 'row 2'
    state.apply({ pods: [pod(1)] })
    await settle()
    expect(recorded).toEqual([svc])

    waits.set(svc.id, 500)
    shown = 'row 3'
    const built = builds.length
    state.apply({ pods: [pod(2)] })
    state.apply({ pods: [pod(3)] })
    await settle()
    expect(builds.length).toBe(built) // held: not even built
    expect(recorded).toHaveLength(1)
    waits.delete(svc.id)
    await clock.advance(500)
    await settle()
    expect(builds.length).toBe(built + 1) // both changes in one rebuild
    expect(recorded).toEqual([svc, svc])
    stop()
  })
})
