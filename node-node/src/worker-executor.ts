/**
 * Runs each pod in its own worker_thread (src/pack-worker.mjs): the heap is capped from the pod's
 * memory request, the environment is the pod's own, console output becomes the pod's log, and a
 * stop aborts ctx.signal, then terminates the thread once the grace period is over. Starts stay
 * fast with spare workers (worker-pool.ts).
 */
import type { Worker } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
import {
  type Clock,
  createGracePeriod,
  DEFAULT_POD_REQUEST,
  graceExpiredExit,
  type Logger,
  type PodExit,
  packContextData,
  type StartPod,
} from '@stark/shared'
import { pipeLines } from './line-splitter'
import { readProcFacts, readThreadCpuMs, type ProcFacts } from './proc-stats'
import { DEFAULT_POD_NICE } from './pod-priority'
import { createWorkerPool } from './worker-pool'

export interface WorkerExecutorOptions {
  clock: Clock
  log: Logger
  /** Smallest heap a pod gets, whatever it asked for (MB). */
  minHeapMb?: number
  /** The worker entry (default: pack-worker.mjs beside this module, in src/ or dist/). */
  workerUrl?: URL
  /** This machine's clock tick (default: asked of getconf once, here). */
  procFacts?: ProcFacts
  /** Spare workers kept ready per heap size (default 2; 0 starts a worker for each pod). */
  warmPool?: number
  /** Nice value of each pod's thread (pod-priority.ts; default 10, 0: the agent's own priority). */
  nice?: number
}

type FromWorker =
  | { type: 'log'; stream: 'stdout' | 'stderr'; line: string }
  | { type: 'thread'; tid: number }
  | { type: 'usage'; heapUsed: number; external?: number }
  | { type: 'result'; status: 'Succeeded' | 'Failed'; message?: string }

const MB = 1024 * 1024
const finite = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0)

export function createWorkerExecutor(options: WorkerExecutorOptions) {
  const { clock } = options
  const minHeapMb = options.minHeapMb ?? 32
  const facts = options.procFacts ?? readProcFacts()
  const workerUrl = options.workerUrl ?? new URL('./pack-worker.mjs', import.meta.url)
  const warmPool = options.warmPool ?? 2
  const pool = createWorkerPool({
    log: options.log,
    size: warmPool,
    prewarm: warmPool > 0 ? [Math.max(minHeapMb, DEFAULT_POD_REQUEST.memory)] : [],
    workerUrl,
    nice: options.nice ?? DEFAULT_POD_NICE,
  })

  const start: StartPod<string> = (a, nodeId, bundlePath, io) => {
    const heapMb = Math.max(minHeapMb, a.resources.memory)
    const log = options.log.child({ podId: a.podId, incarnation: a.incarnation })
    const worker: Worker = pool.take(heapMb, {
      name: `pod ${a.namespace}/${a.name}`,
      bundleUrl: pathToFileURL(bundlePath).href,
      ctx: packContextData(a, nodeId, 'node'),
      env: a.env,
      args: a.args,
    })

    let result: PodExit | undefined
    let crash: PodExit | undefined
    let stopRequested = false
    let terminatedAfterGrace = false
    let exited = false
    let heapBytes = 0
    let elu = worker.performance.eventLoopUtilization()
    // The worker's own thread (Linux): its CPU time is read from /proc, one thread's worth at most.
    let tid: number | undefined = pool.tidOf(worker)
    let lastCpu: { cpuMs: number; at: number } | undefined
    let settle!: (exit: PodExit) => void
    const done = new Promise<PodExit>((resolve) => (settle = resolve))
    const grace = createGracePeriod(clock, (gracePeriodMs) => {
      if (exited || result) return
      terminatedAfterGrace = true
      log.info('terminating a pod that outlived its grace period', { gracePeriodMs })
      void worker.terminate()
    })

    // process.stdout/stderr.write inside the pack (console.* goes through messages instead).
    const raw = [pipeLines(worker.stdout, 'stdout', io), pipeLines(worker.stderr, 'stderr', io)]

    worker.on('message', (m: FromWorker) => {
      if (m.type === 'log') io.log(m.stream, m.line)
      else if (m.type === 'usage') heapBytes = finite(m.heapUsed) + finite(m.external)
      else if (m.type === 'thread' && Number.isInteger(m.tid) && m.tid > 0 && tid === undefined) {
        tid = m.tid
        const cpuMs = readThreadCpuMs(process.pid, tid, facts)
        if (cpuMs !== null) lastCpu = { cpuMs, at: clock.now() }
      } else if (m.type === 'result') {
        result =
          m.status === 'Succeeded' ? { status: 'Succeeded' } : { status: 'Failed', reason: 'Error', message: m.message ?? '' }
        void worker.terminate()
      }
    })
    worker.on('error', (error: Error & { code?: string }) => {
      crash =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { status: 'Failed', reason: 'OOMKilled', message: `the pack ran out of memory (heap limit ${heapMb} MB)` }
          : { status: 'Failed', reason: 'Crashed', message: error.message || String(error) }
      log.warn('pod worker failed', { reason: crash.reason, error: error.message })
    })
    worker.on('exit', (code) => {
      exited = true
      grace.cancel()
      void Promise.all(raw).then(() => settle(outcome(code)))
    })

    function outcome(code: number): PodExit {
      const ended: PodExit =
        result ??
        crash ??
        (terminatedAfterGrace
          ? graceExpiredExit
          : code === 0
            ? { status: 'Succeeded', exitCode: 0 }
            : { status: 'Failed', reason: 'Exited', message: `the pack exited with code ${code}`, exitCode: code })
      return stopRequested ? { ...ended, status: 'Stopped' } : ended
    }

    return {
      done,
      stop(gracePeriodMs) {
        if (exited || result) return
        if (!stopRequested) worker.postMessage({ type: 'stop' })
        stopRequested = true
        grace.begin(gracePeriodMs)
      },
      usage() {
        if (exited) return undefined
        const delta = worker.performance.eventLoopUtilization(elu)
        elu = worker.performance.eventLoopUtilization()
        // CPU: the thread's own CPU time over the wall time since the last reading (millicores; a
        // thread uses one core at most). The event loop's busy share (which also counts time spent
        // waiting for a core) only where /proc cannot say.
        let cpu = delta.utilization * 1000
        const cpuMs = tid !== undefined ? readThreadCpuMs(process.pid, tid, facts) : null
        if (cpuMs !== null) {
          const now = clock.now()
          cpu = lastCpu && now > lastCpu.at ? Math.min(1000, ((cpuMs - lastCpu.cpuMs) / (now - lastCpu.at)) * 1000) : 0
          lastCpu = { cpuMs, at: now }
        }
        return { cpu: Math.max(0, Math.round(cpu)), memory: Math.ceil(heapBytes / MB) }
      },
    }
  }

  return {
    start,
    /** Spare workers per heap size (for tests and the bench). */
    idleCounts: () => pool.idleCounts(),
    /** Ends the spare workers (pods are stopped by the agent first). */
    close: () => pool.close(),
  }
}
export type WorkerExecutor = ReturnType<typeof createWorkerExecutor>
