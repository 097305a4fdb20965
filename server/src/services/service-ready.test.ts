/** Each service's ready count is a computed view that follows its pods, their nodes and their readiness. */
import { silentLogger } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { watch } from '@vue/reactivity'
import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import { createClusterState } from '../state/cluster-state'
import type { LogRecord, PodRecord } from '../store/records'
import type { ServiceRecord } from '../store/services'
import { createReadiness } from './readiness'
import { createServiceReady } from './service-ready'
import { createServiceStore } from './service-store'

const T0 = Date.UTC(2026, 0, 1)

function world() {
  const clock = fakeClock(T0)
  const node = makeNode('n1').record()
  const pack = makePod('template').build().pack
  const state = createClusterState({ nodes: [node], packs: [pack] })
  const followers = new Map<string, (line: LogRecord) => void>()
  let answer!: (declares: boolean) => void
  const readiness = createReadiness({
    state,
    logs: {
      follow(podId, fn) {
        followers.set(podId, fn)
        return () => followers.delete(podId)
      },
    },
    declares: () => new Promise<boolean>((resolve) => (answer = resolve)),
    clock,
    log: silentLogger,
  })
  const web: ServiceRecord = {
    id: 'svc-web',
    name: 'web',
    namespace: 'default',
    labels: {},
    ownerId: 'owner',
    packId: pack.id,
    mode: 'replicas',
    replicas: 2,
    followLatest: false,
    maxSurge: 1,
    maxUnavailable: 0,
    minReadySeconds: 0,
    template: { selector: {}, tolerations: [], resources: { cpu: 100, memory: 64 }, priority: 0, env: {}, args: [] },
    paused: false,
    healthyPackId: null,
    healthyTemplateHash: null,
    healthyTemplate: null,
    templateHash: '',
    failedPackId: null,
    rollout: null,
    condition: null,
    generation: 1,
    createdAt: T0,
    updatedAt: T0,
    deletedAt: null,
  }
  const services = createServiceStore(state, [web])
  const ready = createServiceReady({ state, services, readiness })
  const pod = (name: string): PodRecord => ({
    ...makePod(name).boundTo(node.id, 'Running').record(),
    startedAt: T0 + 1000,
    spec: { ...makePod(name).record().spec, service: { id: web.id, name: web.name, packId: pack.id } },
  })
  const print = (p: PodRecord, line: string) =>
    followers.get(p.id)?.({ podId: p.id, incarnation: p.incarnation, ts: clock.now(), stream: 'stdout', line })
  return { clock, node, state, services, ready, web, pod, print, answer: (yes: boolean) => answer(yes) }
}

const settle = () => new Promise((r) => setImmediate(r))

describe('service ready counts', () => {
  it('follow the ready line, the bundle lookup, the node and the pods, without being told', async () => {
    const w = world()
    const counts: number[] = []
    const stop = watch(
      () => w.ready.ready(w.web.id),
      (n) => counts.push(n),
    )
    const [a, b] = [w.pod('a'), w.pod('b')]
    w.state.apply({ pods: [a, b].map((p) => ({ ...p, status: 'Scheduled' as const })) })
    w.answer(true) // the pack declares readiness: its pods wait for their line
    await settle()
    w.state.apply({ pods: [a, b] }) // Running
    expect(w.ready.ready(w.web.id)).toBe(0)

    w.print(a, 'stark:ready')
    expect(w.ready.ready(w.web.id)).toBe(1)
    w.print(b, 'not yet')
    expect(w.ready.ready(w.web.id)).toBe(1)
    w.print(b, 'stark:ready')
    expect(w.ready.ready(w.web.id)).toBe(2)

    w.state.apply({ nodes: [{ ...w.node, status: 'NotReady' }] })
    expect(w.ready.ready(w.web.id)).toBe(0)
    w.state.apply({ nodes: [w.node] })
    expect(w.ready.ready(w.web.id)).toBe(2)

    w.state.apply({ pods: [{ ...a, deletedAt: T0 + 5000 }] })
    expect(w.ready.ready(w.web.id)).toBe(1)
    expect(counts).toEqual([1, 2, 0, 2, 1])
    stop()
  })

  it('a pack without the marker: a running pod counts as ready once the lookup says so', async () => {
    const w = world()
    w.state.apply({ pods: [w.pod('a')] })
    expect(w.ready.all()).toEqual(new Map([[w.web.id, 0]]))
    w.answer(false)
    await settle()
    expect(w.ready.all()).toEqual(new Map([[w.web.id, 1]]))
    expect(w.ready.ready('no-such-service')).toBe(0)
  })
})
