import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { realClock, silentLogger, type Clock, type PodIO } from '@stark/shared'
import { fakeClock, podAssignment } from '@stark/shared/testing'
import { createWorkerExecutor } from './worker-executor'

let dir: string
let n = 0
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stark-exec-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function bundle(source: string): Promise<string> {
  const path = join(dir, `pack-${++n}.mjs`)
  await writeFile(path, source)
  return path
}

function output() {
  const lines: { stream: string; line: string }[] = []
  const waiters: { match: (l: string) => boolean; resolve: () => void }[] = []
  const io: PodIO = {
    log(stream, line) {
      lines.push({ stream, line })
      for (const w of waiters) if (w.match(line)) w.resolve()
    },
  }
  const seen = (match: (l: string) => boolean) =>
    lines.some((l) => match(l.line)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ match, resolve }))
  return { io, lines, seen, of: (stream: string) => lines.filter((l) => l.stream === stream).map((l) => l.line) }
}

async function run(source: string, opts: { memory?: number; env?: Record<string, string>; clock?: Clock } = {}) {
  const executor = createWorkerExecutor({ clock: opts.clock ?? realClock, log: silentLogger })
  const out = output()
  const assignment = podAssignment({ env: opts.env ?? {}, resources: { cpu: 100, memory: opts.memory ?? 64 } })
  const podRun = executor.start(assignment, 'node-x', await bundle(source), out.io)
  return { out, podRun, done: podRun.done }
}

describe('worker executor', () => {
  it('fails a pod that runs out of its heap with OOMKilled', async () => {
    const { done } = await run(
      `export default async function main() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())) }`,
      { memory: 16 },
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'OOMKilled', message: expect.stringMatching(/32 MB/) })
  })

  it('sizes the heap from the memory request, with a floor', async () => {
    const heapLimit = async (memory: number) => {
      const { done, out } = await run(
        `export default async function main() { const v8 = await import('node:v8'); console.log(String(v8.getHeapStatistics().heap_size_limit)) }`,
        { memory },
      )
      expect((await done).status).toBe('Succeeded')
      return Number(out.of('stdout')[0])
    }
    const [tiny, floor, large] = [await heapLimit(1), await heapLimit(32), await heapLimit(256)]
    expect(tiny).toBe(floor)
    expect(large).toBeGreaterThan(floor + 200 * 1024 * 1024)
  })

  it('fails a pod whose worker crashes on an uncaught exception', async () => {
    const { done } = await run(
      `export default async function main() { setTimeout(() => { throw new Error('thrown from a timer') }, 0); await new Promise(() => {}) }`,
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'Crashed', message: 'thrown from a timer' })
  })

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

  it('captures raw process.stdout/stderr writes line by line, including an unfinished last line', async () => {
    const { done, out } = await run(
      `export default async function main() { process.stdout.write('a\\nb'); process.stdout.write('c\\n'); process.stderr.write('oops') }`,
    )
    expect((await done).status).toBe('Succeeded')
    expect(out.of('stdout')).toEqual(['a', 'bc'])
    expect(out.of('stderr')).toEqual(['oops'])
  })

  it('terminates a busy pack only once the grace period has passed on its clock', async () => {
    const clock = fakeClock()
    const { done, out, podRun } = await run(
      `export default async function main(ctx) {
        let i = 0
        ctx.signal.addEventListener('abort', () => setInterval(() => console.log('after abort ' + ++i), 5))
        console.log('started')
        await new Promise(() => {})
      }`,
      { clock },
    )
    await out.seen((l) => l === 'started')
    podRun.stop(5000)
    await clock.advance(4999)
    // Still running after the abort, at 4999 ms of its 5000 ms grace period.
    await out.seen((l) => l === 'after abort 3')
    await clock.advance(1)
    expect(await done).toMatchObject({ status: 'Stopped', reason: 'Terminated' })
  })

  it('a second stop with a shorter grace period takes over', async () => {
    const clock = fakeClock()
    const { done, out, podRun } = await run(`export default async function main() { console.log('started'); for (;;) {} }`, { clock })
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
})
