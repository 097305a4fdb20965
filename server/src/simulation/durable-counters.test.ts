/**
 * Crash-loop back-off and rollout failure counts survive a server restart: the simulated cluster
 * starts a new server on the same database, with the same fake clock reading, and the counters go
 * on from where they were.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { PodRecord } from '../store/records'
import { createSimCluster, openSimStore, type SimCluster, type SimStore } from './sim-cluster'

let store: SimStore
let c: SimCluster | undefined
beforeAll(async () => {
  store = await openSimStore()
})
afterAll(() => store.close())
afterEach(async () => {
  await c?.close()
  c = undefined
})

const pods = (name: string): PodRecord[] =>
  [...c!.generation.state.pods.values()].filter((p) => p.spec.service?.name === name && p.deletedAt === null)
const backoffRow = async (podId: string) =>
  (
    await store.db.query<{ crashes: number; restart_at: string; last_failure_at: string }>(
      'select crashes, restart_at, last_failure_at from pod_backoffs where pod_id = $1',
      [podId],
    )
  )[0]

/** Advances simulated time until `done` holds (a generous bound in simulated time). */
async function until(done: () => boolean | Promise<boolean>, boundMs = 10 * 60_000) {
  for (let t = 0; !(await done()); t += 500) {
    if (t > boundMs) throw new Error('condition not reached in simulated time')
    await c!.advance(500)
  }
}

/** Every time the named service's pod gets a new incarnation (bound again or restarted), by simulated time. */
function watchIncarnations(name: string): number[] {
  const at: number[] = []
  c!.onGeneration((g) =>
    g.state.onPodChange((prev, next) => {
      if (next && prev && next.spec.service?.name === name && next.incarnation > prev.incarnation) at.push(g.clock.now())
    }),
  )
  return at
}

async function service(name: string, pack: string, version: string) {
  const packs = await c!.api('POST', '/api/packs', { name: pack, version, bundle: 'export default async () => {}' })
  expect([201, 409]).toContain(packs.status)
  expect((await c!.api('POST', '/api/services', { name, pack: `${pack}@${version}`, replicas: 1 })).status).toBe(201)
}

it('server restarts every 5 s do not bind a crash-looping pod again before its back-off has passed', async () => {
  c = await createSimCluster(store, { crashes: (n) => n.startsWith('loop') })
  await c.join('a')
  await service('loop', 'loop', '1.0.0')
  const at = watchIncarnations('loop')
  const start = c.now()
  // Right after each restart the node is not Ready until its agent is back (1 s later).
  while (c.now() - start < 60_000) {
    await c.advance(4000)
    await c.restart({ reconnectAfterMs: 1000 })
  }
  // Back-off 0 (the first restart is immediate), 1, 2, 4, 8, 16, 32 s: at most 7 new incarnations
  // in the minute, spaced ever wider.
  expect(at.length).toBeGreaterThanOrEqual(3)
  expect(at.length).toBeLessThanOrEqual(7)
  const gaps = at.slice(1).map((t, i) => t - at[i]!)
  expect(gaps[gaps.length - 1]!).toBeGreaterThanOrEqual(8000)
  const [pod] = pods('loop')
  const row = await backoffRow(pod!.id)
  expect(row!.crashes).toBeGreaterThanOrEqual(at.length)
})

it('a crash-loop back-off continues after a server restart instead of starting again from an immediate restart', async () => {
  c = await createSimCluster(store, { crashes: (n) => n.startsWith('again') })
  await c.join('a')
  await service('again', 'again', '1.0.0')
  await until(() => pods('again').length > 0)
  const id = pods('again')[0]!.id
  await until(async () => ((await backoffRow(id))?.crashes ?? 0) >= 5)
  const before = (await backoffRow(id))!
  expect(Number(before.restart_at) - Number(before.last_failure_at)).toBe(8000)
  const restartsBefore = pods('again')[0]!.restarts

  await c.restart({ reconnectAfterMs: 0 })
  const at = watchIncarnations('again')
  // The pending back-off holds: no new incarnation before its restart time.
  await until(() => at.length > 0)
  expect(at[0]!).toBeGreaterThanOrEqual(Number(before.restart_at))
  // The next crash doubles it (16 s), counted after the ones before the restart.
  await until(async () => ((await backoffRow(id))?.crashes ?? 0) > before.crashes)
  const after = (await backoffRow(id))!
  expect(after.crashes).toBe(before.crashes + 1)
  expect(Number(after.restart_at) - Number(after.last_failure_at)).toBe(16_000)
  expect(pods('again')[0]!).toMatchObject({ reason: 'CrashLoopBackOff', restarts: restartsBefore + 1 })
  expect(pods('again')[0]!.message).toMatch(/^back-off 16s /)
})

it("a rollout's failure count continues after a server restart: 3 failures in total roll it back", async () => {
  let v2 = ''
  c = await createSimCluster(store, {
    crashes: (n) => [...c!.generation.state.pods.values()].some((p) => p.name === n && p.packId === v2),
  })
  await c.join('a')
  await service('roll', 'roll', '1.0.0')
  const view = async () => (await c!.api('GET', '/api/services/roll')).body
  // 1.0.0 ran healthily, so there is a version to roll back to.
  await until(async () => (await view()).healthyVersion !== null)
  const created = await c.api('POST', '/api/packs', { name: 'roll', version: '2.0.0', bundle: 'export default async () => {}' })
  expect(created.status).toBe(201)
  v2 = created.body.id ?? created.body.pack?.id
  expect(v2).toBeTruthy()
  expect((await c.api('PATCH', '/api/services/roll', { pack: 'roll@2.0.0' })).status).toBe(200)

  const failures = async () =>
    Number(
      (
        await store.db.query<{ failures: number }>(
          "select r.failures from rollout_failures r join services s on s.id = r.service_id where s.name = 'roll'",
        )
      )[0]?.failures ?? 0,
    )
  await until(async () => (await failures()) >= 2)
  expect(await failures()).toBe(2)

  await c.restart({ reconnectAfterMs: 0 })
  const failedAfter: string[] = []
  c.onGeneration((g) =>
    g.state.onPodChange((prev, next) => {
      if (
        next?.packId === v2 &&
        next.status === 'Failed' &&
        next.reason === 'Error' &&
        (prev?.status !== 'Failed' || prev.incarnation !== next.incarnation)
      )
        failedAfter.push(`${next.id}#${next.incarnation}`)
    }),
  )
  await until(async () => (await view()).condition?.type === 'RolledBack')
  // One more failure after the restart was the third: the count went on from 2.
  expect(failedAfter).toHaveLength(1)
  expect((await view()).condition.message).toMatch(/failed 3 times in a row/)
  await until(() => pods('roll').some((p) => p.status === 'Running' && p.packId !== v2))
})
