import { randomUUID } from 'node:crypto'
import { silentLogger, type Taint, type Toleration } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'
import { afterEach, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import { createClusterState } from '../state/cluster-state'
import { createEventBus } from '../state/event-bus'
import { createWriteQueue } from '../state/write-queue'
import { nodesRepo } from '../store/nodes'
import { podsRepo } from '../store/pods'
import type { NodeRecord, PodRecord } from '../store/records'
import { usersRepo } from '../store/users'
import { openTestPglite } from '../testing/databases'
import { countersRepo } from '../store/counters'
import { createNoExecuteController, planNoExecute, tolerationWindowMs } from './no-execute'
import { tolerationClockKey } from '../scheduler/toleration-clock-key'
import { createTolerationClocks } from './toleration-clocks'
import { insertTestPack } from '../testing/records'

const T = Date.UTC(2026, 0, 1)
const maint: Taint = { key: 'maint', value: 'true', effect: 'NoExecute' }
const tol = (seconds?: number): Toleration => ({
  key: 'maint',
  operator: 'Exists',
  effect: 'NoExecute',
  ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}),
})

describe('planNoExecute', () => {
  const node = makeNode('n1').taint('maint', 'true', 'NoExecute').taint('gpu', 'true', 'NoSchedule').record()
  const on = (p: ReturnType<typeof makePod>, status: PodRecord['status'] = 'Running') => p.boundTo(node.id, status).record()

  it.each([
    { name: 'untolerated: evicted at once', pod: on(makePod()), seen: undefined, evicted: true, nextAt: undefined },
    { name: 'Scheduled pods too', pod: on(makePod(), 'Scheduled'), seen: undefined, evicted: true, nextAt: undefined },
    { name: 'stopping pods are left alone', pod: on(makePod(), 'Stopping'), seen: undefined, evicted: false, nextAt: undefined },
    { name: 'tolerated for ever', pod: on(makePod().tolerate(tol())), seen: undefined, evicted: false, nextAt: undefined },
    {
      name: 'tolerated for 30 s, first seen now',
      pod: on(makePod().tolerate(tol(30))),
      seen: T,
      evicted: false,
      nextAt: T + 30_000,
    },
    {
      name: 'tolerated for 30 s, never seen: its clock starts now',
      pod: on(makePod().tolerate(tol(30))),
      seen: undefined,
      evicted: false,
      nextAt: T + 30_000,
    },
    {
      name: 'tolerated for 30 s, seen 29 s ago',
      pod: on(makePod().tolerate(tol(30))),
      seen: T - 29_000,
      evicted: false,
      nextAt: T + 1000,
    },
    {
      name: 'tolerated for 30 s, seen 30 s ago',
      pod: on(makePod().tolerate(tol(30))),
      seen: T - 30_000,
      evicted: true,
      nextAt: undefined,
    },
    { name: 'tolerationSeconds 0', pod: on(makePod().tolerate(tol(0))), seen: undefined, evicted: true, nextAt: undefined },
    {
      name: 'a NoSchedule toleration does not help',
      pod: on(makePod().tolerate({ key: 'maint', operator: 'Exists', effect: 'NoSchedule' })),
      seen: undefined,
      evicted: true,
      nextAt: undefined,
    },
  ])('$name', ({ pod, seen, evicted, nextAt }) => {
    const previously = new Map(seen !== undefined ? [[tolerationClockKey(node.id, node.taints[0]!), seen]] : [])
    const plan = planNoExecute(
      [node],
      () => [pod],
      T,
      () => previously,
    )
    expect(plan.evict.map((e) => e.pod.id)).toEqual(evicted ? [pod.id] : [])
    expect(plan.nextAt).toBe(nextAt)
  })

  it('asks for a clock per limited taint not yet started, and none for ever-tolerated ones', () => {
    const two = makeNode('n2').taint('maint', 'true', 'NoExecute').taint('drain', undefined, 'NoExecute').record()
    const pod = makePod().tolerate(tol(30)).tolerate({ key: 'drain', operator: 'Exists' }).boundTo(two.id).record()
    const plan = planNoExecute(
      [two],
      () => [pod],
      T,
      () => new Map(),
    )
    expect(plan.start.map((s) => s.taint.key)).toEqual(['maint'])
    expect(plan.evict).toEqual([])
  })

  it('names the taint in the message', () => {
    const plan = planNoExecute(
      [node],
      () => [on(makePod())],
      T,
      () => new Map(),
    )
    expect(plan.evict[0]!.message).toBe('node n1 has taint {maint: true} (NoExecute) that the pod does not tolerate')
  })

  it('nodes without NoExecute taints evict nothing', () => {
    const plain = makeNode('plain').taint('gpu', 'true', 'NoSchedule').record()
    expect(
      planNoExecute(
        [plain],
        () => [makePod().boundTo(plain.id).record()],
        T,
        () => new Map(),
      ).evict,
    ).toEqual([])
  })

  it('the smallest tolerationSeconds among the tolerations used wins; none given means for ever', () => {
    expect(tolerationWindowMs([tol(60), tol(30), tol()])).toBe(30_000)
    expect(tolerationWindowMs([tol(), tol()])).toBeUndefined()
    expect(tolerationWindowMs([])).toBeUndefined()
  })
})

describe('NoExecute controller (real PGlite write path, fake clock)', () => {
  let db: SqlClient
  afterEach(() => db?.close())

  it('evicts the untolerating pod at once and the 30-second one after 30 s, stopping their runs', async () => {
    db = await openTestPglite()
    const owner = (await usersRepo.insert(db, { email: 'o@example.com', passwordHash: 'x', role: 'user' })).id
    const pack = await insertTestPack(db, owner)
    const node: NodeRecord = { ...makeNode('n1').record(), id: randomUUID(), ownerId: owner }
    await nodesRepo.upsert(db, node)
    const pod = (name: string, tolerations: Toleration[]): PodRecord => {
      const b = makePod(name).boundTo(node.id, 'Running')
      for (const t of tolerations) b.tolerate(t)
      return { ...b.record(), id: randomUUID(), ownerId: owner, packId: pack.id, incarnation: 1 }
    }
    const plain = pod('plain', [])
    const patient = pod('patient', [tol(30)])
    const forever = pod('forever', [tol()])
    await podsRepo.upsertMany(db, [plain, patient, forever])

    const clock = fakeClock(T)
    const state = createClusterState({ nodes: [node], pods: [plain, patient, forever], packs: [pack] })
    const writes = createWriteQueue({ db, state, bus: createEventBus(), clock, log: silentLogger })
    const stopped: string[] = []
    const clocks = createTolerationClocks([])
    const controller = createNoExecuteController({
      state,
      writes,
      clock,
      log: silentLogger,
      clocks,
      onEvicted: (p) => stopped.push(`${p.name}#${p.incarnation}`),
    })
    controller.start()
    await controller.idle()
    expect(stopped).toEqual([])

    await writes.run((tx) => tx.putNode({ ...tx.node(node.id)!, taints: [maint] }))
    await controller.idle()
    await writes.drain()
    expect(stopped).toEqual(['plain#1'])
    expect(state.pods.get(plain.id)).toMatchObject({ status: 'Failed', nodeId: node.id, reason: 'Evicted' })
    expect(state.pods.get(patient.id)!.status).toBe('Running')
    // The patient pod's clock is durable: a server restart (new controller, clocks read back) keeps it.
    expect((await countersRepo.load(db)).clocks).toEqual([
      { podId: patient.id, nodeId: node.id, taint: 'maint=true:NoExecute', startedAt: T },
    ])

    await clock.advance(29_000)
    await controller.idle()
    expect(state.pods.get(patient.id)!.status).toBe('Running')
    controller.stop()
    const restarted = createNoExecuteController({
      state,
      writes,
      clock,
      log: silentLogger,
      clocks: createTolerationClocks((await countersRepo.load(db)).clocks),
      onEvicted: (p) => stopped.push(`${p.name}#${p.incarnation}`),
    })
    restarted.start()
    await restarted.idle()
    expect(state.pods.get(patient.id)!.status).toBe('Running')
    await clock.advance(1000)
    await restarted.idle()
    await writes.drain()
    expect(stopped).toEqual(['plain#1', 'patient#1'])
    expect(state.pods.get(patient.id)).toMatchObject({
      status: 'Failed',
      reason: 'Evicted',
      message: 'node n1 has NoExecute taint {maint: true}, tolerated for 30 s; time is up',
    })
    expect(state.pods.get(forever.id)!.status).toBe('Running')
    expect((await podsRepo.history(db, plain.id)).map((h) => [h.status, h.reason])).toEqual([['Failed', 'Evicted']])

    // The taint leaves the node: its clocks end (a new taint would start a new one).
    await writes.run((tx) => tx.putNode({ ...tx.node(node.id)!, taints: [] }))
    await restarted.idle()
    await writes.drain()
    expect((await countersRepo.load(db)).clocks).toEqual([])
    restarted.stop()
  })
})
