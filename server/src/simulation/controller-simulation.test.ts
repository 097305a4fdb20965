/**
 * The controller simulation: random sequences of nodes joining, leaving on purpose, closing their
 * socket, dying silently, being tainted, cordoned, drained and deleted, and server restarts, run against the real server composition (every
 * controller and the scheduler) on a fake clock; the invariants of sim-invariants.ts are checked
 * after every tick, and at the end every service with room to run must have converged with the
 * event log quiet. A failure is shrunk to a short scenario, printed step by step.
 *
 * STARK_SIM_RUNS widens a run; STARK_SIM_SEED and STARK_SIM_PATH (printed by fast-check on failure)
 * replay one.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, it } from 'vitest'
import { createSimCluster, openSimStore, SIM_TICK_MS, type SimStore } from './sim-cluster'
import { CONVERGE_WITHIN_MS, createChecker } from './sim-invariants'
import { applyOp, describeScenario, scenarioArb, type Scenario } from './sim-scenario'
import { CHOSEN } from './sim-chosen'
import { FOUND } from './sim-found'

const RUNS = Number(process.env.STARK_SIM_RUNS ?? 30)
const SEED = process.env.STARK_SIM_SEED ? Number(process.env.STARK_SIM_SEED) : undefined
const PATH = process.env.STARK_SIM_PATH
const MAX_OPS = 30
/** Time for the last changes to play out: silent nodes go Offline after a minute. */
const SETTLE_MS = 75_000
/** Events a quiet, converged cluster may still record in a simulated minute. */
const QUIET_EVENTS_PER_MINUTE = 10

let store: SimStore
beforeAll(async () => {
  store = await openSimStore()
})
afterAll(() => store?.close())

async function run(s: Scenario) {
  const crashing = s.services.filter((x) => x.crashes).map((x) => `${x.name}-`)
  const c = await createSimCluster(store, {
    crashes: (pod) => crashing.some((prefix) => pod.startsWith(prefix)),
  })
  try {
    const pack = await c.api('POST', '/api/packs', { name: 'sim', version: '1.0.0', bundle: 'export default async () => {}' })
    if (pack.status !== 201 && pack.status !== 409) throw new Error(`pack: ${pack.status} ${JSON.stringify(pack.body)}`)
    const checker = createChecker(c, s.services)
    for (const n of s.initialNodes) await c.join(n)
    for (const svc of s.services) {
      const body = {
        name: svc.name,
        pack: 'sim@1.0.0',
        replicas: svc.replicas,
        ...(svc.tolerations.length ? { tolerations: svc.tolerations } : {}),
      }
      const r = await c.api('POST', '/api/services', body)
      if (r.status !== 201) throw new Error(`service ${svc.name}: ${r.status} ${JSON.stringify(r.body)}`)
    }
    checker.noteOp()
    await c.advance(5_000, checker.check)
    for (const op of s.ops) {
      await applyOp(c, op)
      checker.noteOp()
      checker.check()
      await c.advance(op.after, checker.check)
    }
    // Nothing changes any more: everything with room to run must get there, and once the nodes that
    // went away are Offline (a minute of silence) the cluster must stay quiet.
    const last = c.now()
    const settled = () => checker.converged() && c.now() - last >= SETTLE_MS
    for (let waited = 0; waited <= CONVERGE_WITHIN_MS && !settled(); waited += SIM_TICK_MS)
      await c.advance(SIM_TICK_MS, checker.check)
    checker.assertConverged()
    const before = await c.eventCount()
    await c.advance(60_000, checker.check)
    const quiet = (await c.eventCount()) - before
    // A crash-looping pod still restarts now and then, with a Restarted and a BackOff event each time.
    const looping = [...c.generation.state.pods.values()].filter(
      (p) => p.deletedAt === null && crashing.some((prefix) => p.name.startsWith(prefix)),
    ).length
    const allowed = QUIET_EVENTS_PER_MINUTE + 4 * looping
    if (quiet > allowed)
      throw new Error(
        `a converged cluster with nothing changing recorded ${quiet} events in a simulated minute (${looping} pods crash-looping; limit ${allowed})`,
      )
    const total = await c.eventCount()
    const limit = 100 * (s.ops.length + s.services.length + s.initialNodes.length + 1)
    if (total > limit) throw new Error(`${total} events for ${s.ops.length} operations (limit ${limit})`)
  } catch (error) {
    throw new Error(`${(error as Error).message}\nscenario:\n${describeScenario(s)}`, { cause: error })
  } finally {
    await c.close()
  }
}

it(
  'keeps the cluster sound through random node failures, departures, deletions, drains, taints, cordons and restarts',
  async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ maxOps: MAX_OPS }), async (s) => {
        await run(s)
      }),
      {
        numRuns: RUNS,
        ...(SEED !== undefined ? { seed: SEED } : {}),
        ...(PATH ? { path: PATH } : {}),
        endOnFailure: false,
        interruptAfterTimeLimit: 15 * 60_000,
      },
    )
  },
  20 * 60_000,
)

it.each(FOUND)(
  'holds in a scenario it once failed: $what',
  async ({ scenario }) => {
    await run(scenario)
  },
  5 * 60_000,
)

it.each(CHOSEN)(
  'holds in a chosen scenario: $what',
  async ({ scenario }) => {
    await run(scenario)
  },
  5 * 60_000,
)
