/**
 * The scheduler on the live path: a real server (PGlite), nodes joined over the real WebSocket
 * with different labels, taints and capacities, pods created over REST. Every placement rule,
 * the diagnosis text, node updates, NoExecute eviction, preemption and priority classes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectFakeAgent, type FakeAgent, type FakeAgentOptions } from './testing/fake-agent'

let s: TestServer
let admin: string
let agents: FakeAgent[]

beforeEach(async () => {
  s = await startTestServer()
  admin = await s.admin()
  agents = []
  expect(
    (
      await s.api(
        'POST',
        '/api/packs',
        { name: 'app', version: '1.0.0', runtime: 'node', bundle: 'export default async () => {}' },
        admin,
      )
    ).status,
  ).toBe(201)
})
afterEach(async () => {
  for (const a of agents) await a.close()
  await s.close()
})

async function join(o: FakeAgentOptions, token = admin) {
  const a = await connectFakeAgent(s.url, token, o)
  agents.push(a)
  return a
}

async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 5000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const createPod = async (body: Record<string, unknown>, token = admin) => {
  const r = await s.api('POST', '/api/pods', { pack: 'app', ...body }, token)
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body
}
/** `name` or `namespace/name`. */
const getPod = async (ref: string, token = admin) => {
  const [ns, name] = ref.includes('/') ? ref.split('/') : ['default', ref]
  return (await s.api('GET', `/api/pods/${name}?namespace=${ns}`, undefined, token)).body
}
const placed = (ref: string, token = admin) =>
  waitFor(async () => ((p) => (p.nodeName ? p : undefined))(await getPod(ref, token)), `${ref} placed`)
const refused = (ref: string, token = admin) =>
  waitFor(async () => ((p) => (p.reason === 'Unschedulable' ? p : undefined))(await getPod(ref, token)), `${ref} diagnosed`)

describe('placement on the live path', () => {
  it('selectors and required affinity choose the node; a mismatch is explained', async () => {
    await join({ name: 'a', labels: { zone: 'a', disk: 'hdd' } })
    await join({ name: 'b', labels: { zone: 'b', disk: 'ssd' } })
    await createPod({ name: 'sel', selector: { zone: 'b' } })
    expect((await placed('sel')).nodeName).toBe('b')
    await createPod({
      name: 'aff',
      affinity: { required: [{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }] },
    })
    expect((await placed('aff')).nodeName).toBe('a')
    await createPod({
      name: 'pref',
      affinity: { preferred: [{ weight: 50, matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] },
    })
    expect((await placed('pref')).nodeName).toBe('b')
    await createPod({ name: 'nowhere', selector: { zone: 'c' } })
    expect((await refused('nowhere')).message).toBe("0/2 nodes available: 2 node(s) didn't match pod's node selector.")
    await createPod({ name: 'nowhere2', affinity: { required: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] } })
    expect((await refused('nowhere2')).message).toBe("0/2 nodes available: 2 node(s) didn't match pod's node affinity.")
  })

  it('taints: NoSchedule refuses (named in the diagnosis) unless tolerated, PreferNoSchedule only penalises', async () => {
    for (const name of ['g1', 'g2', 'g3']) await join({ name, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] })
    for (const name of ['m1', 'm2']) await join({ name, allocatable: { cpu: 4000, memory: 256, pods: 10 } })
    await createPod({ name: 'big', resources: { memory: 512 } })
    expect((await refused('big')).message).toBe('0/5 nodes available: 3 untolerated taint {gpu: true}, 2 insufficient memory.')
    await createPod({
      name: 'tolerant',
      resources: { memory: 512 },
      tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    })
    expect((await placed('tolerant')).nodeName).toMatch(/^g/)

    await join({ name: 'spot', taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] })
    await join({ name: 'plain' })
    for (let i = 0; i < 4; i++) {
      await createPod({ name: `small${i}`, resources: { memory: 16 } })
      expect((await placed(`small${i}`)).nodeName).not.toBe('spot')
    }
  })

  it('capacity, runtime and cordon refuse with their reasons; uncordon places the waiting pod', async () => {
    const n = await join({ name: 'only', allocatable: { cpu: 1000, memory: 1024, pods: 10 } })
    await createPod({ name: 'cpu-hog', resources: { cpu: 2000 } })
    expect((await refused('cpu-hog')).message).toBe('0/1 nodes available: 1 insufficient cpu.')
    expect(
      (
        await s.api(
          'POST',
          '/api/packs',
          { name: 'web', version: '1.0.0', runtime: 'browser', bundle: 'export default () => {}' },
          admin,
        )
      ).status,
    ).toBe(201)
    await createPod({ name: 'browser-only', pack: 'web' })
    expect((await refused('browser-only')).message).toBe(
      '0/1 nodes available: 1 node(s) of the wrong runtime (pack needs browser).',
    )

    const cordon = await s.api('POST', '/api/nodes/only/cordon', undefined, admin)
    expect(cordon.body).toMatchObject({ name: 'only', unschedulable: true })
    await createPod({ name: 'waits' })
    expect((await refused('waits')).message).toBe('0/1 nodes available: 1 node(s) cordoned.')
    await s.api('POST', '/api/nodes/only/uncordon', undefined, admin)
    expect((await placed('waits')).nodeName).toBe('only')
    expect(n.assigned.map((a) => a.name)).toContain('waits')
    const events = await s.deps.db.query<{ type: string }>(
      `select type from events where resource_name = 'only' and type in ('NodeCordoned', 'NodeUncordoned') order by id`,
    )
    expect(events.map((e) => e.type)).toEqual(['NodeCordoned', 'NodeUncordoned'])
  })

  it('a Pending pod is placed as soon as a fitting node joins or a node gains the label', async () => {
    await createPod({ name: 'gpu-job', selector: { gpu: 'a100' } })
    expect((await refused('gpu-job')).message).toBe('0/0 nodes available: no nodes registered.')
    await join({ name: 'cpu-box' })
    await waitFor(async () => (await getPod('gpu-job')).message?.startsWith('0/1'), 'diagnosis for 1 node')
    const r = await s.api('PATCH', '/api/nodes/cpu-box', { labels: { gpu: 'a100' } }, admin)
    expect(r.body.labels).toEqual({ gpu: 'a100' })
    expect((await placed('gpu-job')).nodeName).toBe('cpu-box')

    await createPod({ name: 'late', selector: { zone: 'z' } })
    await refused('late')
    await join({ name: 'z-box', labels: { zone: 'z' } })
    expect((await placed('late')).nodeName).toBe('z-box')
  })

  it('NoExecute: a taint added to a node evicts the pods that do not tolerate it: they end Failed, reason Evicted', async () => {
    const a = await join({ name: 'a' })
    await createPod({ name: 'stays', selector: {}, tolerations: [{ key: 'maint', operator: 'Exists', effect: 'NoExecute' }] })
    await createPod({ name: 'evicted', restartPolicy: 'Always' })
    await placed('stays')
    await placed('evicted')
    await waitFor(
      async () => (await getPod('evicted')).status === 'Running' && (await getPod('stays')).status === 'Running',
      'both running',
    )
    const before = await getPod('evicted')
    await join({ name: 'b' })
    await s.api('PATCH', '/api/nodes/a', { taints: [{ key: 'maint', value: 'true', effect: 'NoExecute' }] }, admin)
    const gone = await waitFor(
      async () => ((p) => (p.status === 'Failed' ? p : undefined))(await getPod('evicted')),
      'evicted pod Failed',
    )
    expect(gone).toMatchObject({
      reason: 'Evicted',
      incarnation: before.incarnation,
      message: 'node a has taint {maint: true} (NoExecute) that the pod does not tolerate',
    })
    expect((await getPod('stays')).nodeName).toBe('a')
    if (before.nodeName === 'a') await waitFor(() => a.stopped.length > 0, 'the run stopped')
    if (before.nodeName === 'a')
      expect(a.stopped).toEqual([{ podId: before.id, incarnation: before.incarnation, reason: 'Evicted' }])
    // A bare pod is not restarted after an eviction, whatever its restart policy (as in Kubernetes).
    expect((await getPod('evicted')).status).toBe('Failed')
  })

  it('NoExecute tolerated for 0 s: the pod is never bound there (no evict/bind loop), and the diagnosis says why', async () => {
    await join({ name: 'a', taints: [{ key: 'maint', value: 'true', effect: 'NoExecute' }] })
    await createPod({
      name: 'zero',
      restartPolicy: 'Always',
      tolerations: [{ key: 'maint', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
    })
    expect((await refused('zero')).message).toBe(
      '0/1 nodes available: 1 NoExecute taint {maint: true} tolerated for no time left.',
    )
    const pod = await getPod('zero')
    expect(pod).toMatchObject({ status: 'Pending', incarnation: 0, nodeName: null })
    // A node it may stay on for ever takes it.
    await join({ name: 'b' })
    expect((await placed('zero')).nodeName).toBe('b')
    const history = (await s.api('GET', `/api/pods/zero/history?namespace=default`, undefined, admin)).body
    expect(history.items.filter((h: { status: string }) => h.status === 'Scheduled')).toHaveLength(1) // bound once, to b
  })

  it('a node whose NoExecute taint the pod tolerates only for a while is used only when no other fits', async () => {
    await join({ name: 'tainted', taints: [{ key: 'maint', value: 'true', effect: 'NoExecute' }] })
    await join({ name: 'busy', labels: { role: 'busy' } })
    // The tainted node is idle and would win every score; the busy one still fits, so it is chosen.
    for (let i = 0; i < 3; i++) await createPod({ name: `filler-${i}`, selector: { role: 'busy' }, resources: { cpu: 1000 } })
    const tol = [{ key: 'maint', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 600 }]
    for (let i = 0; i < 3; i++) {
      await createPod({ name: `limited-${i}`, tolerations: tol })
      expect((await placed(`limited-${i}`)).nodeName).toBe('busy')
    }
    await createPod({ name: 'huge', resources: { cpu: 3900 }, tolerations: tol })
    expect((await placed('huge')).nodeName).toBe('tainted')
  })

  it('trust: private packs stay on their owner’s or trusted nodes; public ones need the opt-in; system packs need trusted nodes', async () => {
    await s.deps.auth.register('bob@example.com', 'password-bob', 'user', null)
    const bob = (await s.api('POST', '/api/auth/login', { email: 'bob@example.com', password: 'password-bob' })).body
      .accessToken as string
    expect(
      (await s.api('POST', '/api/packs', { name: 'bobs', version: '1.0.0', bundle: 'export default () => {}' }, bob)).status,
    ).toBe(201)
    expect(
      (
        await s.api(
          'POST',
          '/api/packs',
          { name: 'shared', version: '1.0.0', visibility: 'public', bundle: 'export default () => {}' },
          bob,
        )
      ).status,
    ).toBe(201)
    await join({ name: 'admins-node' })
    await createPod({ name: 'bob-private', pack: 'bobs' }, bob)
    expect((await refused('bob-private', bob)).message).toBe(
      '0/1 nodes available: 1 node(s) owned by another user (private pack).',
    )
    await createPod({ name: 'bob-public', pack: 'shared' }, bob)
    expect((await refused('bob-public', bob)).message).toMatch(/1 node\(s\) owned by another user, not accepting public packs/)
    await s.api('PATCH', '/api/nodes/admins-node', { labels: { 'stark.io/accept-public-packs': 'true' } }, admin)
    expect((await placed('bob-public', bob)).nodeName).toBe('admins-node')
    expect((await getPod('bob-private', bob)).nodeName).toBeNull()
    await join({ name: 'bobs-node' }, bob)
    expect((await placed('bob-private', bob)).nodeName).toBe('bobs-node')

    // Only admins mark nodes trusted; system pods wait for one.
    expect((await s.api('PATCH', '/api/nodes/bobs-node', { trusted: true }, bob)).status).toBe(403)
    await createPod({ name: 'sys', namespace: 'system', pack: 'default/app' })
    expect((await refused('system/sys')).message).toBe('0/2 nodes available: 2 node(s) not trusted for system packs.')
    await s.api('PATCH', '/api/nodes/bobs-node', { trusted: true }, admin)
    expect((await placed('system/sys')).nodeName).toBe('bobs-node')
  })

  it('preemption evicts the fewest lowest-priority pods, only those, and binds the preemptor', async () => {
    const a = await join({ name: 'a', allocatable: { cpu: 1000, memory: 4096, pods: 10 } })
    const b = await join({ name: 'b', allocatable: { cpu: 1000, memory: 4096, pods: 10 } })
    // Pin the filler pods with node selectors.
    await s.api('PATCH', '/api/nodes/a', { labels: { box: 'a' } }, admin)
    await s.api('PATCH', '/api/nodes/b', { labels: { box: 'b' } }, admin)
    await createPod({ name: 'a-low', priority: 1, resources: { cpu: 500 }, selector: { box: 'a' } })
    await createPod({ name: 'a-mid', priority: 5, resources: { cpu: 500 }, selector: { box: 'a' } })
    await createPod({ name: 'b-low1', priority: 1, resources: { cpu: 250 }, selector: { box: 'b' } })
    await createPod({ name: 'b-low2', priority: 1, resources: { cpu: 250 }, selector: { box: 'b' } })
    await createPod({ name: 'b-high', priority: 9, resources: { cpu: 500 }, selector: { box: 'b' } })
    for (const n of ['a-low', 'a-mid', 'b-low1', 'b-low2', 'b-high']) await placed(n)

    await createPod({ name: 'equal', priority: 1, resources: { cpu: 500 } })
    expect((await refused('equal')).message).toBe(
      '0/2 nodes available: 2 insufficient cpu. Preemption found no lower-priority pods whose eviction makes room.',
    )

    await createPod({ name: 'urgent', priority: 10, resources: { cpu: 500 } })
    expect((await placed('urgent')).nodeName).toBe('a')
    // The victim is Pending again; it fits nowhere else, so it waits with a diagnosis.
    const victim = await refused('a-low')
    expect(victim).toMatchObject({ status: 'Pending', nodeId: null })
    expect(victim.message).toBe(
      "0/2 nodes available: 1 insufficient cpu, 1 node(s) didn't match pod's node selector. Preemption found no lower-priority pods whose eviction makes room.",
    )
    expect(a.stopped.map((x) => x.reason)).toEqual(['Preempted'])
    expect(b.stopped).toEqual([])
    for (const n of ['a-mid', 'b-low1', 'b-low2', 'b-high']) expect((await getPod(n)).status).toBe('Running')
    const events = await s.deps.db.query<{ type: string; resource_name: string; message: string }>(
      `select type, resource_name, message from events where type in ('PodPreempted') or (type = 'PodScheduled' and resource_name = 'urgent') order by id`,
    )
    expect(events).toEqual([
      { type: 'PodPreempted', resource_name: 'a-low', message: 'preempted by pod default/urgent (priority 10) on node a' },
      { type: 'PodScheduled', resource_name: 'urgent', message: 'assigned to node a, preempting default/a-low' },
    ])
  })

  it('priority classes: admins manage them, pods take their value', async () => {
    expect(
      (await s.api('POST', '/api/priorityclasses', { name: 'critical', value: 900, description: 'on-call' }, admin)).status,
    ).toBe(201)
    expect((await s.api('POST', '/api/priorityclasses', { name: 'critical', value: 1 }, admin)).status).toBe(409)
    expect((await s.api('POST', '/api/priorityclasses', { name: 'x', value: 1001 }, admin)).status).toBe(400)
    expect((await s.api('GET', '/api/priorityclasses', undefined, admin)).body.items).toEqual([
      { name: 'critical', value: 900, description: 'on-call', createdAt: expect.any(String) },
    ])
    const pod = await createPod({ name: 'vip', priorityClass: 'critical' })
    expect(pod).toMatchObject({ priority: 900, priorityClass: 'critical' })
    expect((await s.api('POST', '/api/pods', { pack: 'app', priorityClass: 'nope' }, admin)).status).toBe(400)
    expect((await s.api('POST', '/api/pods', { pack: 'app', priorityClass: 'critical', priority: 3 }, admin)).status).toBe(400)
    await s.deps.auth.register('carol@example.com', 'password-carol', 'user', null)
    const carol = (await s.api('POST', '/api/auth/login', { email: 'carol@example.com', password: 'password-carol' })).body
      .accessToken as string
    expect((await s.api('POST', '/api/priorityclasses', { name: 'mine', value: 5 }, carol)).status).toBe(403)
    expect((await s.api('GET', '/api/priorityclasses/critical', undefined, carol)).body.value).toBe(900)
    // Priorities above 500 are for admins: a user could otherwise preempt other users' pods.
    expect(
      (await s.api('POST', '/api/packs', { name: 'carols', version: '1.0.0', bundle: 'export default async () => {}' }, carol))
        .status,
    ).toBe(201)
    expect((await s.api('POST', '/api/pods', { pack: 'carols', priorityClass: 'critical' }, carol)).status).toBe(403)
    expect((await s.api('POST', '/api/pods', { pack: 'carols', priority: 501 }, carol)).status).toBe(403)
    expect((await s.api('POST', '/api/pods', { pack: 'carols', priority: 500 }, carol)).status).toBe(201)
    expect((await s.api('DELETE', '/api/priorityclasses/critical', undefined, carol)).status).toBe(403)
    expect((await s.api('DELETE', '/api/priorityclasses/critical', undefined, admin)).status).toBe(200)
    expect((await getPod('vip')).priority).toBe(900)
  })

  it('the scoring profile is a cluster setting: admins switch spread to binpack and the next pods pack', async () => {
    await join({ name: 'a', allocatable: { cpu: 4000, memory: 4096, pods: 20 } })
    await join({ name: 'b', allocatable: { cpu: 4000, memory: 4096, pods: 20 } })
    await s.deps.auth.register('dana@example.com', 'password-dana', 'user', null)
    const dana = (await s.api('POST', '/api/auth/login', { email: 'dana@example.com', password: 'password-dana' })).body
      .accessToken as string
    expect((await s.api('GET', '/api/scheduler', undefined, dana)).body).toMatchObject({
      name: 'spread',
      byConfig: false,
      weights: { LeastAllocated: 1 },
    })
    // Spread: two pods land on two nodes.
    await createPod({ name: 's1', resources: { cpu: 500, memory: 256 } })
    const first = (await placed('s1')).nodeName
    await createPod({ name: 's2', resources: { cpu: 500, memory: 256 } })
    expect((await placed('s2')).nodeName).not.toBe(first)

    expect((await s.api('PUT', '/api/scheduler', { name: 'binpack' }, dana)).status).toBe(403)
    expect((await s.api('PUT', '/api/scheduler', { name: 'tetris' }, admin)).status).toBe(400)
    expect((await s.api('PUT', '/api/scheduler', { name: 'binpack', weights: { NodeReady: 3 } }, admin)).status).toBe(400)
    const set = await s.api('PUT', '/api/scheduler', { name: 'binpack', weights: { NodeAffinity: 5 } }, admin)
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    expect(set.body).toMatchObject({
      name: 'binpack',
      overrides: { NodeAffinity: 5 },
      weights: { MostAllocated: 1, NodeAffinity: 5 },
    })
    expect(set.body.weights.LeastAllocated).toBeUndefined()
    // Binpack: a node gets fuller; the next pods all go to the one that already holds the most.
    await createPod({ name: 'big', resources: { cpu: 1500, memory: 256 } })
    const fuller = (await placed('big')).nodeName
    for (const name of ['p1', 'p2', 'p3']) {
      await createPod({ name, resources: { cpu: 100, memory: 64 } })
      expect((await placed(name)).nodeName).toBe(fuller)
    }
    const events = (await s.api('GET', '/api/events?category=audit', undefined, admin)).body.items as {
      type: string
      message: string
    }[]
    expect(events.find((e) => e.type === 'SchedulerProfileChanged')?.message).toContain('binpack')
    // Stored: it is what the cluster setting says now.
    const rows = await s.deps.db.query<{ value: unknown }>("select value from settings where key = 'scheduler.profile'")
    expect(rows[0]?.value).toEqual({ name: 'binpack', weights: { NodeAffinity: 5 } })
  })
})
