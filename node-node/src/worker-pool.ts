/**
 * Worker threads for worker-isolated pods, some started ahead of time. A spare worker has booted
 * Node, loaded pack-worker.mjs and fetch, and waits for its pod (a `run` message with the bundle,
 * the context, the environment and the arguments); a pod with no spare of its heap size gets a
 * worker started for it with all of that in its workerData. Heap limits are fixed when a worker
 * starts, so spares are kept per heap size, like the process pool's: the sizes used most recently
 * (the default pod size from the start) keep `size` spares each. Spares keep the agent alive no
 * more than idle pod processes do (unref'd until taken). The pool refills a moment after the
 * last take of a burst (`refillAfterMs`).
 */
import { Worker } from 'node:worker_threads'
import type { Logger } from '@stark/shared'

/** What a pod's worker runs (pack-worker.mjs). */
export interface WorkerJob {
  /** The thread's name (`pod <namespace>/<name>`). */
  name: string
  bundleUrl: string
  ctx: unknown
  env: Record<string, string>
  args: string[]
}

export interface WorkerPoolOptions {
  log: Logger
  /** Spare workers kept per heap size (0: every pod starts its own). */
  size: number
  /** Heap sizes (MB) kept warm at once; the least recently used size gives way. */
  maxSizes?: number
  /** Sizes to warm at once (the default pod's heap). */
  prewarm?: number[]
  /** How long after the last take the pool refills (ms, default 100; 0: at once). */
  refillAfterMs?: number
  /** The worker entry (pack-worker.mjs). */
  workerUrl: URL
  /**
   * Nice value of each pod's thread (default 0: the agent's). The worker lowers its own thread's
   * priority first thing (Linux keeps a nice value per thread), below the agent's main thread.
   */
  nice?: number
}

interface SpareListeners {
  onMessage: (m: { type?: unknown; tid?: unknown }) => void
  gone: () => void
  failed: (error: Error) => void
}

interface Spare {
  worker: Worker
  /** The thread's Linux id, once it said (see pack-worker.mjs). */
  tid?: number
}

export function createWorkerPool(options: WorkerPoolOptions) {
  const maxSizes = options.maxSizes ?? 3
  const refillAfterMs = options.refillAfterMs ?? 100
  const idle = new Map<number, Spare[]>() // heap MB → spares, in LRU order of sizes
  const refills = new Map<number, ReturnType<typeof setTimeout>>()
  const tids = new WeakMap<Worker, number>()
  /** What watches a spare until it is taken. */
  const spareListeners = new WeakMap<Worker, SpareListeners>()
  let closed = false

  function start(
    heapMb: number,
    data: Record<string, unknown>,
    name: string,
    env: Record<string, string>,
    argv: string[],
  ): Worker {
    return new Worker(options.workerUrl, {
      name,
      workerData: { ...data, nice: options.nice ?? 0 },
      // The pod's environment, never the agent's (which may hold credentials); a spare's is empty until its pod comes.
      env: { ...env },
      argv: [...argv],
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      stdout: true,
      stderr: true,
    })
  }

  function spawnSpare(heapMb: number): Spare {
    const worker = start(heapMb, { spare: true }, 'pod (spare)', {}, [])
    const spare: Spare = { worker }
    worker.unref()
    // Its output is the pod's once it runs one; a spare prints nothing of its own.
    worker.stdout.resume()
    worker.stderr.resume()
    const onMessage = (m: { type?: unknown; tid?: unknown }) => {
      if (m?.type === 'thread' && Number.isInteger(m.tid) && (m.tid as number) > 0) spare.tid = m.tid as number
    }
    const gone = () => {
      const list = idle.get(heapMb)
      const i = list?.indexOf(spare) ?? -1
      if (list && i >= 0) list.splice(i, 1)
    }
    const failed = (error: Error) => options.log.warn('a spare pod worker failed', { error: error.message })
    worker.on('message', onMessage)
    worker.once('exit', gone)
    worker.once('error', failed)
    spareListeners.set(worker, { onMessage, gone, failed })
    return spare
  }

  function refill(heapMb: number) {
    if (closed || options.size <= 0) return
    let list = idle.get(heapMb)
    idle.delete(heapMb) // re-insert: most recently used size last
    idle.set(heapMb, (list ??= []))
    while (list.length < options.size) {
      try {
        list.push(spawnSpare(heapMb))
      } catch (error) {
        options.log.warn('could not start a spare pod worker', { error: (error as Error).message })
        break
      }
    }
    while (idle.size > maxSizes) {
      const [oldest, spares] = idle.entries().next().value as [number, Spare[]]
      idle.delete(oldest)
      for (const s of spares) void s.worker.terminate()
    }
  }

  /** Refills `heapMb` once takes have paused for refillAfterMs (a burst's pods go first). */
  function refillSoon(heapMb: number) {
    if (options.size <= 0) return
    if (refillAfterMs <= 0) return refill(heapMb)
    clearTimeout(refills.get(heapMb))
    const timer = setTimeout(() => {
      refills.delete(heapMb)
      refill(heapMb)
    }, refillAfterMs)
    timer.unref()
    refills.set(heapMb, timer)
  }

  for (const heapMb of options.prewarm ?? []) refill(heapMb)

  return {
    /** A worker running `job`: a spare if one of this heap size waits, else a new one. */
    take(heapMb: number, job: WorkerJob): Worker {
      const spare = idle.get(heapMb)?.shift()
      refillSoon(heapMb)
      if (!spare) return start(heapMb, { job }, job.name, job.env, job.args)
      const { worker } = spare
      const listeners = spareListeners.get(worker)
      if (listeners) {
        worker.off('message', listeners.onMessage)
        worker.off('exit', listeners.gone)
        worker.off('error', listeners.failed)
      }
      if (spare.tid !== undefined) tids.set(worker, spare.tid)
      worker.ref()
      worker.postMessage({ type: 'run', job })
      return worker
    },
    /** The thread id a spare said before it was taken (a new worker says it to its executor). */
    tidOf: (worker: Worker) => tids.get(worker),
    /** Spare workers per heap size (for tests and the bench). */
    idleCounts: () => new Map([...idle].map(([mb, list]) => [mb, list.length])),
    /** Ends the spare workers. */
    close() {
      closed = true
      for (const timer of refills.values()) clearTimeout(timer)
      refills.clear()
      for (const list of idle.values()) for (const s of list) void s.worker.terminate()
      idle.clear()
    },
  }
}
export type WorkerPool = ReturnType<typeof createWorkerPool>
