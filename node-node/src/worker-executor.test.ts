import { getPriority } from 'node:os'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { realClock, silentLogger, type Clock } from '@stark/shared'
import { fakeClock, podAssignment } from '@stark/shared/testing'
import { createWorkerExecutor, type WorkerExecutor } from './worker-executor'
import { bundleDir, output, sharedExecutorCases } from './testing/executor-cases'

let bundles: Awaited<ReturnType<typeof bundleDir>>
const bundle = (source: string) => bundles.bundle(source)
const executors: WorkerExecutor[] = []
beforeAll(async () => {
  bundles = await bundleDir('stark-exec-')
})
afterAll(async () => {
  for (const executor of executors) executor.close()
  await bundles.remove()
})

function executorWith(clock: Clock, warmPool: number): WorkerExecutor {
  const executor = createWorkerExecutor({ clock, log: silentLogger, warmPool })
  executors.push(executor)
  return executor
}

/** Runs pods on one executor with `warmPool` spares (a fresh one for another clock). */
function runner(warmPool: number) {
  let shared: WorkerExecutor | undefined
  return async function run(
    source: string,
    opts: { memory?: number; env?: Record<string, string>; args?: string[]; clock?: Clock } = {},
  ) {
    const executor = opts.clock ? executorWith(opts.clock, warmPool) : (shared ??= executorWith(realClock, warmPool))
    const out = output()
    const assignment = podAssignment({
      env: opts.env ?? {},
      args: opts.args ?? [],
      resources: { cpu: 100, memory: opts.memory ?? 64 },
    })
    const podRun = executor.start(assignment, 'node-x', await bundle(source), out.io)
    return { out, podRun, done: podRun.done }
  }
}

for (const [kind, warmPool] of [
  ['a worker started for its pod', 0],
  ['a spare worker', 2],
] as const) {
  describe(`worker executor: ${kind}`, () => {
    const run = runner(warmPool)

    sharedExecutorCases(run)

    it('fails a pod that runs out of its heap with OOMKilled', async () => {
      const { done } = await run(
        `export default async function main() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())) }`,
        { memory: 16 },
      )
      expect(await done).toMatchObject({ status: 'Failed', reason: 'OOMKilled', message: expect.stringMatching(/32 MB/) })
    })

    it('fails a pod whose worker crashes on an uncaught exception', async () => {
      const { done } = await run(
        `export default async function main() { setTimeout(() => { throw new Error('thrown from a timer') }, 0); await new Promise(() => {}) }`,
      )
      expect(await done).toMatchObject({ status: 'Failed', reason: 'Crashed', message: 'thrown from a timer' })
    })

    it.runIf(process.platform === 'linux')(
      'runs the pod’s thread below the agent’s (nice 10 by default), the agent’s own left as it was',
      async () => {
        const { done, out } = await run(
          `import { getPriority } from 'node:os'\nexport default async function main() { console.log('nice ' + getPriority(0)) }`,
        )
        expect(await done).toMatchObject({ status: 'Succeeded' })
        expect(out.of('stdout')).toEqual(['nice 10'])
        expect(getPriority(0)).toBe(0)
      },
    )

    it('reports the exit code of a pack that calls process.exit', async () => {
      const { done } = await run(`export default async function main() { process.exit(3) }`)
      expect(await done).toMatchObject({ status: 'Failed', reason: 'Exited', exitCode: 3 })
    })

    it('fails a bundle without a default export function, saying so', async () => {
      const { done } = await run(`export const main = () => 1`)
      expect(await done).toMatchObject({ status: 'Failed', message: expect.stringMatching(/default export/) })
    })

    it('gives the pack its own environment, never the agent’s', async () => {
      const { done, out } = await run(`export default async function main() { console.log(JSON.stringify(process.env)) }`, {
        env: { ONLY: 'this' },
      })
      expect((await done).status).toBe('Succeeded')
      expect(JSON.parse(out.of('stdout')[0]!)).toEqual({ ONLY: 'this' })
    })

    it('a second stop with a shorter grace period takes over', async () => {
      const clock = fakeClock()
      const { done, out, podRun } = await run(`export default async function main() { console.log('started'); for (;;) {} }`, {
        clock,
      })
      await out.seen((l) => l === 'started')
      podRun.stop(60_000)
      podRun.stop(10)
      await clock.advance(10)
      expect(await done).toMatchObject({ status: 'Stopped', reason: 'Terminated' })
      expect(clock.pending()).toBe(0)
    })

    it('measures usage while the pod runs, and stops measuring once it ended', async () => {
      const { done, out, podRun } = await run(
        `export default async function main(ctx) { console.log('up'); await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`,
      )
      await out.seen((l) => l === 'up')
      const usage = podRun.usage?.()
      expect(usage).toEqual({ cpu: expect.any(Number), memory: expect.any(Number) })
      expect(usage!.cpu).toBeGreaterThanOrEqual(0)
      expect(usage!.cpu).toBeLessThanOrEqual(1000)
      podRun.stop(5000)
      expect((await done).status).toBe('Stopped')
      expect(podRun.usage?.()).toBeUndefined()
    })

    it("reports a busy pod's CPU as its own thread's (one core at most, however many pods) and its heap as memory", async () => {
      const { done, out, podRun } = await run(
        `export default async function main(ctx) { console.log('busy'); const keep = new Array(2e5).fill(1); while (!ctx.signal.aborted) { for (let i = 0; i < 1e6; i++) keep[i % 1000]++; await new Promise((r) => setImmediate(r)) } }`,
      )
      await out.seen((l) => l === 'busy')
      podRun.usage?.() // the first reading starts the CPU window
      const readings: { cpu: number; memory: number }[] = []
      const until = performance.now() + 60_000
      // Wait (bounded) for a reading that saw the thread run; under a loaded machine it may get little of a core.
      while (performance.now() < until && !readings.some((r) => r.cpu > 0 && r.memory > 0)) {
        await new Promise((r) => setTimeout(r, 200))
        readings.push(podRun.usage!()!)
      }
      expect(readings.some((r) => r.cpu > 0 && r.memory > 0)).toBe(true)
      for (const r of readings) expect(r.cpu).toBeLessThanOrEqual(1000)
      podRun.stop(5000)
      expect((await done).status).toBe('Stopped')
    })

    it('gives the pack its own arguments', async () => {
      const { done, out } = await run(
        `export default async function main(ctx) { console.log(JSON.stringify([process.argv.slice(2), ctx.args])) }`,
        {
          args: ['--one', 'two'],
        },
      )
      expect((await done).status).toBe('Succeeded')
      expect(JSON.parse(out.of('stdout')[0]!)).toEqual([
        ['--one', 'two'],
        ['--one', 'two'],
      ])
    })
  })
}

describe('spare workers', () => {
  it('wait per heap size with fetch loaded, each taken by one pod, refilled behind; close ends them', async () => {
    const executor = executorWith(realClock, 1)
    await vi.waitFor(() => expect(executor.idleCounts().get(64)).toBe(1), { timeout: 15_000, interval: 20 })
    const out = output()
    // The pack never calls fetch: the spare loaded it on its own (it may still be at it when taken).
    const pack = `export default async function main() {
      const loaded = () => process.moduleLoadList.some((m) => m.includes('undici'))
      for (let i = 0; i < 500 && !loaded(); i++) await new Promise((r) => setTimeout(r, 20))
      console.log(String(loaded()))
    }`
    const podRun = executor.start(podAssignment({ resources: { cpu: 100, memory: 64 } }), 'node-x', await bundle(pack), out.io)
    expect(executor.idleCounts().get(64)).toBe(0)
    expect((await podRun.done).status).toBe('Succeeded')
    expect(out.of('stdout')).toEqual(['true'])
    await vi.waitFor(() => expect(executor.idleCounts().get(64)).toBe(1), { timeout: 15_000, interval: 20 })
    executor.close()
    expect(executor.idleCounts().size).toBe(0)
  })
})
