/**
 * What the pod isolation boundary costs in pod start time: from `startPod` to the pack's first
 * line, and to its run ending, for worker threads (no boundary) and for a process per pod under
 * Node's permission model — started cold, taken from the warm pool, and in bursts of 10 that
 * outrun the pool. Also the resident memory of one idle warm process.
 * Run: npm run bench:isolation (RUNS=30 by default)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { realClock, silentLogger, type PodRun } from '@stark/shared'
import { podAssignment } from '@stark/shared/testing'
import { createProcessExecutor, createWorkerExecutor } from '@stark/node-node'
import { readProcFacts, readProcStats } from '@stark/node-node'
import { percentile, report, round } from './lib'

const runs = Number(process.env.RUNS ?? 30)
const facts = readProcFacts()
const dir = mkdtempSync(join(tmpdir(), 'stark-bench-isolation-'))
const bundle = join(dir, 'pack.mjs')
writeFileSync(bundle, `export default async function main(ctx) { console.log('up ' + ctx.pod.name) }`)

interface Executor {
  start(...args: Parameters<ReturnType<typeof createWorkerExecutor>['start']>): PodRun
}

/** Starts one pod; resolves with ms to its first line and to its end. */
async function once(executor: Executor, i: number): Promise<{ firstLine: number; done: number }> {
  const t0 = performance.now()
  let firstLine = NaN
  const run = executor.start(podAssignment({ podId: `bench-${i}`, name: `bench-${i}` }), 'bench-node', bundle, {
    log: () => {
      if (Number.isNaN(firstLine)) firstLine = performance.now() - t0
    },
  })
  const exit = await run.done
  if (exit.status !== 'Succeeded') throw new Error(`bench pod ended ${JSON.stringify(exit)}`)
  return { firstLine, done: performance.now() - t0 }
}

const idle = (ms: number) => new Promise((r) => setTimeout(r, ms))

function summarise(name: string, samples: { firstLine: number; done: number }[], extra: Record<string, unknown> = {}) {
  const first = samples.map((s) => s.firstLine)
  const done = samples.map((s) => s.done)
  report({
    bench: 'pod-isolation',
    case: name,
    runs: samples.length,
    first_line_p50_ms: round(percentile(first, 50)),
    first_line_p95_ms: round(percentile(first, 95)),
    done_p50_ms: round(percentile(done, 50)),
    done_p95_ms: round(percentile(done, 95)),
    ...extra,
  })
}

async function sequential(executor: Executor, pause: number) {
  const samples = []
  await once(executor, -1) // warm the module caches of this process first
  for (let i = 0; i < runs; i++) {
    samples.push(await once(executor, i))
    await idle(pause)
  }
  return samples
}

async function bursts(executor: Executor, size: number) {
  const samples = []
  for (let b = 0; b < Math.max(1, Math.round(runs / size)); b++) {
    samples.push(...(await Promise.all(Array.from({ length: size }, (_, i) => once(executor, b * size + i)))))
    await idle(500)
  }
  return samples
}

try {
  const worker = createWorkerExecutor({ clock: realClock, log: silentLogger })
  summarise('worker-thread (no boundary)', await sequential(worker, 20))

  const cold = createProcessExecutor({ clock: realClock, log: silentLogger, warmPool: 0 })
  summarise('process, cold start', await sequential(cold, 20))
  cold.close()

  const warm = createProcessExecutor({ clock: realClock, log: silentLogger, warmPool: 2 })
  await idle(500)
  // Measure one idle warm process from outside (what the pool costs in memory).
  const rss = await (async () => {
    const probe = createProcessExecutor({ clock: realClock, log: silentLogger, warmPool: 1 })
    await idle(800)
    const pids = (await import('node:child_process'))
      .execSync(`pgrep -f 'pod-process.mjs' || true`)
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
    const sizes = pids.map((p) => readProcStats(Number(p), facts)?.rssBytes ?? 0).filter((b) => b > 0)
    probe.close()
    return sizes.length ? round(percentile(sizes, 50) / 1024 / 1024) : null
  })()
  summarise('process, warm pool (2), one at a time', await sequential(warm, 300), { idle_process_rss_mb: rss })
  summarise('process, warm pool (2), bursts of 10', await bursts(warm, 10))
  warm.close()
  summarise('worker-thread, bursts of 10', await bursts(worker, 10))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
