import { execFileSync } from 'node:child_process'
import { describe, expect, it, vi } from 'vitest'
import { podAssignment } from '@stark/shared/testing'
import { output, sharedExecutorCases } from './testing/executor-cases'
import { processPods, untilStopped } from './testing/process-pods'
import { readProcFacts, readProcStats } from './proc-stats'

const pods = processPods('stark-pexec-')
const { run, bundle } = pods

describe('process executor: runs, ends and measures pods', () => {
  sharedExecutorCases(run)

  it('process.exit ends the pod, not the agent: the exit code is reported', async () => {
    const { done } = await run(`export default async function main() { process.exit(3) }`)
    expect(await done).toMatchObject({ status: 'Failed', reason: 'Exited', exitCode: 3 })
  })

  it('forged and malformed messages from the pack change nothing but its own report', async () => {
    const { done, out } = await run(`export default async function main() {
      process.send({ type: 'result', status: 'Pwned' })
      process.send({ type: 'usage', heapUsed: 'lots' })
      process.send('not an object')
      process.send({ type: 'run', file: '../../etc/passwd' })
      process.send({ type: 'crash', message: 'x'.repeat(100000) })
      console.log('still here')
    }`)
    // The runner's own result counts; what the pack sent could only ever speak of its own pod.
    expect(await done).toEqual({ status: 'Succeeded' })
    expect(out.of('stdout')).toContain('still here')
  })

  it('cuts output without newlines into bounded lines', async () => {
    const { done, out } = await run(`export default async function main() { process.stdout.write('y'.repeat(40000)) }`)
    expect((await done).status).toBe('Succeeded')
    expect(out.of('stdout').map((l) => l.length)).toEqual([16384, 16384, 40000 - 2 * 16384])
  })

  it('fails a pod that runs out of its heap with OOMKilled', async () => {
    const { done } = await run(
      `export default async function main() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())) }`,
      {
        memory: 16,
      },
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'OOMKilled', message: expect.stringMatching(/32 MB/) })
  })

  it("V8's flags are back to their defaults but WebAssembly's optimizing tier (Node's code cache applies), the heap limit stays", async () => {
    // V8's cache tag covers its version and flags: a flag left set would tag (and refuse) every cached
    // module. The pod turns off WebAssembly's tier-up once it has loaded what it preloads (pod-process.mjs).
    const tagWith = (...flags: string[]) =>
      Number(
        String(execFileSync(process.execPath, [...flags, '-p', 'require("node:v8").cachedDataVersionTag()'], { env: {} })).trim(),
      )
    const { done, out } = await run(
      `export default async function main() { const v8 = await import('node:v8'); console.log(v8.cachedDataVersionTag(), v8.getHeapStatistics().heap_size_limit) }`,
      { memory: 48 },
    )
    expect((await done).status).toBe('Succeeded')
    const [tag, limit] = out.of('stdout')[0]!.split(' ').map(Number)
    expect(tag).toBe(tagWith('--no-wasm-tier-up', '--no-wasm-dynamic-tiering'))
    expect(tag).not.toBe(tagWith())
    expect(limit).toBeLessThan(128 * 1024 * 1024)
  })

  it("runs a pack's WebAssembly (on V8's baseline compiler)", async () => {
    // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    const wasm = [
      0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0,
      32, 0, 32, 1, 106, 11,
    ]
    const { done, out } = await run(`export default async function main() {
      const { instance } = await WebAssembly.instantiate(new Uint8Array(${JSON.stringify(wasm)}))
      let sum = 0
      for (let i = 0; i < 1e6; i++) sum = instance.exports.add(sum, 1)
      console.log(sum)
    }`)
    expect((await done).status).toBe('Succeeded')
    expect(out.of('stdout')).toEqual(['1000000'])
  })

  it('kills a pod whose memory outside the heap (buffers) passes its limit', async () => {
    const { done } = await run(
      `export default async function main() { const keep = []; for (;;) { const b = Buffer.alloc(16 * 1024 * 1024, 1); keep.push(b); await new Promise((r) => setTimeout(r, 20)) } }`,
      { memory: 32 },
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'OOMKilled' })
  })

  it('watches memory often near the limit whatever the watchdog round: a pack that grows past it is killed (OOMKilled)', async () => {
    // One "alive" an hour: only the memory checks of nextMemoryCheckMs can end this pod in time.
    // It grows past its 192 MB resident limit (32 MB heap), then holds what it has.
    const source = `export default async function main() {
      const keep = []
      for (let i = 0; i < 24; i++) { keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 10)) }
      console.log('holding'); await new Promise(() => {})
    }`
    const { done } = await run(source, { memory: 32, executor: { watchdogIntervalMs: 3_600_000, agentSilenceMs: 60_000 } })
    expect(await done).toMatchObject({ status: 'Failed', reason: 'OOMKilled' })
  }, 30_000)

  it('fails a pod that crashes on an uncaught exception, with its message', async () => {
    const { done } = await run(
      `export default async function main() { setTimeout(() => { throw new Error('thrown from a timer') }, 0); await new Promise(() => {}) }`,
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'Crashed', message: 'thrown from a timer' })
  })

  it('a stop before the pack started ends the run Stopped without running it', async () => {
    const out = output()
    const path = await bundle(`export default async function main() { console.log('ran') }`)
    const podRun = pods.executor.start(podAssignment({ podId: 'early-stop' }), 'node-x', path, out.io)
    podRun.stop(5000)
    expect((await podRun.done).status).toBe('Stopped')
    expect(out.of('stdout')).toEqual([])
  })

  it('measures usage from outside while the pod runs (memory as its private resident memory, not its RSS), and stops once it ended', async () => {
    const { done, out, podRun } = await run(
      `export default async function main(ctx) { console.log('up ' + process.pid); await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`,
    )
    await out.seen((l) => l.startsWith('up '))
    const usage = podRun.usage?.()
    expect(usage).toEqual({ cpu: expect.any(Number), memory: expect.any(Number) })
    expect(usage!.memory).toBeGreaterThan(0)
    const pid = Number(out.of('stdout')[0]!.split(' ')[1])
    const stats = readProcStats(pid, readProcFacts())!
    expect(Math.abs(usage!.memory - stats.privateBytes / 1024 / 1024)).toBeLessThan(2)
    // Node's code, shared by every pod process, is not the pod's.
    expect(usage!.memory).toBeLessThan(stats.rssBytes / 1024 / 1024 - 10)
    podRun.stop(5000)
    expect((await done).status).toBe('Stopped')
    expect(podRun.usage?.()).toBeUndefined()
  })

  it('keeps warm processes ready for the default pod size', async () => {
    // The pool refills a moment after a take (refillAfterMs), so the earlier tests' takes may still be refilling;
    // their bursts may have taught it to keep more than its 2.
    await vi.waitFor(() => expect(pods.executor.idleCounts().get(64)).toBeGreaterThanOrEqual(2), {
      timeout: 15_000,
      interval: 50,
    })
  })

  it('a warm process has fetch loaded before its pack runs (and it works); one started cold loads it when the pack asks', async () => {
    const pack = `export default async function main() {
      const before = process.moduleLoadList.some((m) => m.includes('undici'))
      const body = await (await fetch('data:,fetched')).text()
      console.log(JSON.stringify({ before, body }))
    }`
    // A fresh pool's spare is taken at once, ready or not: it still loads fetch before it says ready.
    const onWarm = await run(pack, { executor: { warmPool: 1 } })
    const cold = await run(pack, { executor: { warmPool: 0 } })
    expect([(await onWarm.done).status, (await cold.done).status]).toEqual(['Succeeded', 'Succeeded'])
    expect(onWarm.json()).toEqual({ before: true, body: 'fetched' })
    expect(cold.json()).toEqual({ before: false, body: 'fetched' })
  })
})

describe('fenced to its agent', () => {
  it('a pod ends itself when the agent has said nothing for agentSilenceMs (a frozen agent)', async () => {
    // A watchdog round far in the future: this "agent" never says it is alive.
    const { done, out } = await run(untilStopped, { executor: { watchdogIntervalMs: 3_600_000, agentSilenceMs: 1500 } })
    expect((await done).status).toBe('Failed')
    expect(out.of('stdout')).toContain('up')
    expect(out.of('stderr').join('\n')).toMatch(/node agent has not answered/)
  }, 20_000)

  it('keeps running while the agent says it is alive', async () => {
    const { done, out, podRun } = await run(untilStopped, { executor: { watchdogIntervalMs: 200, agentSilenceMs: 1000 } })
    await out.seen((l) => l === 'up')
    await new Promise((r) => setTimeout(r, 2500))
    podRun.stop(2000)
    expect((await done).status).toBe('Stopped')
  }, 20_000)
})
