/**
 * Pod processes, started ahead of time. A pod process is `node pod-process.mjs` under Node's
 * permission model: it may read its own entry file and its own slot directory and nothing else,
 * with no child processes, workers, addons or WASI, an empty environment, and its slot directory
 * as cwd. Its heap limit is fixed when it starts, so idle processes are kept per heap size: the
 * sizes used most recently (the default pod size from the start) each keep `size` processes
 * warm, and a pod whose size has none warm starts one cold. The pool refills a moment after a take
 * (`refillAfterMs`), not during it: when many pods arrive at once (a failed node's pods moving
 * here), the ones that start cold do not wait behind the spawning of spares. It refills to the
 * largest burst of takes it has seen (at most `maxWarm`, and only while the spares would use less
 * than a quarter of the free memory), so the next burst like it starts warm; a heap size with no
 * take for `shrinkAfterMs` forgets its bursts and ends the spares beyond `size` (spare-target.ts).
 *
 * The process starts at pod-start.cjs, which lets Node's code cache apply despite the heap flag,
 * then runs pod-process.mjs.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { freemem, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from '@stark/shared'
import { createPodBase, sweepStalePodBases } from './pod-folders'
import { lowerPodPriority } from './pod-priority'
import { unreachableFor } from './pod-user'
import { createSpareTarget } from './spare-target'

/** What a pod may connect to (pod-process.mjs, networkPolicy): see README, Security. */
export type PodNetwork = 'default' | 'restricted' | 'open'
export const podNetworks: readonly PodNetwork[] = ['default', 'restricted', 'open']

export interface PodUser {
  uid: number
  gid: number
}

export interface PodProcessPoolOptions {
  log: Logger
  /** Idle processes kept per heap size (0: every pod starts cold). */
  size: number
  /** Heap sizes (MB) kept warm at once; the least recently used size gives way. */
  maxSizes?: number
  /** Sizes to warm at once (the default pod's heap). */
  prewarm?: number[]
  /** How long after a take the pool starts refilling (ms, default 100; 0: at once). */
  refillAfterMs?: number
  /**
   * The most idle processes a burst can teach the pool to keep per heap size (default 8; never
   * fewer than `size`): after N takes in one burst it refills to N.
   */
  maxWarm?: number
  /**
   * How long a heap size goes without a take before the pool forgets its bursts and ends the
   * spares beyond `size` (ms, default 5 minutes; 0: never).
   */
  shrinkAfterMs?: number
  /** Free memory now (bytes; default os.freemem): spares beyond `size` stay under a quarter of it. */
  freeMemory?: () => number
  /** Where the runner files are: the folder of this file (default: pod-process.mjs beside this module, in src/ or dist/). */
  entry?: URL
  /**
   * Where slot directories go (default: a fresh `stark-pods-*` folder in `tempRoot`, after the
   * folders of agents that are gone were swept from there: pod-folders.ts).
   */
  baseDir?: string
  /** The temp folder the default base folder goes in (default: the OS temp dir). */
  tempRoot?: string
  /** Run pods as this OS user (an agent running as root drops them to e.g. nobody). */
  user?: PodUser
  /** Node binary (default: the one running the agent). */
  execPath?: string
  /** What pods may connect to (default: 'default'). */
  network?: PodNetwork
  /** Nice value of every pod process, spare or not (pod-priority.ts; default 0: the agent's own). */
  nice?: number
  /** Starts a process (default child_process.spawn; tests inject failures). */
  spawn?: typeof spawn
  /** A pod process could not be started (its error), and one did start (said ready). */
  onStartError?(error: Error): void
  onStarted?(): void
}

/**
 * Copies the runner files into `<base>/runner` (0755, files 0644), where any pod user can read
 * them: the agent's own checkout or install may sit in a private (0700) directory.
 */
function copyRunner(sourceDir: string, base: string): string[] {
  const dir = join(base, 'runner')
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  chmodSync(dir, 0o755)
  return RUNNER_FILES.map((name) => {
    const to = join(dir, name)
    copyFileSync(join(sourceDir, name), to)
    chmodSync(to, 0o644)
    return to
  })
}

export interface PodProcess {
  readonly child: ChildProcess
  readonly heapMb: number
  /** The pod's own directory: its cwd, the only place it may read. */
  readonly slotDir: string
  /** Resolves true once the child said `ready`, false if it died first. */
  readonly ready: Promise<boolean>
  /**
   * Removes the slot directory (after the child has exited): in the background, or with `now`
   * before returning (the agent may be about to exit). Removing a folder takes the agent's thread
   * milliseconds a pod on a loaded machine: a hundred pods ending at once must not stall it.
   */
  cleanup(now?: boolean): void
}

/** The pod process's own files (its entry, pod-start.cjs, first), read from where the agent's code lives. */
export const RUNNER_FILES = ['pod-start.cjs', 'pod-process.mjs', 'pod-network.mjs', 'fetch-ready.mjs'] as const

/**
 * The permission model's flag for the Node that runs the agent (pods run on the same binary):
 * `--experimental-permission` on Node 20, `--permission` from Node 22 on (24 knows only that one).
 */
export function permissionFlag(known: { has(flag: string): boolean } = process.allowedNodeEnvironmentFlags): string {
  return known.has('--permission') ? '--permission' : '--experimental-permission'
}

/**
 * Node flags of a pod process: the permission model with read access to its runner files and its
 * slot only; its heap limit (a V8 flag, put back to its default by pod-start.cjs once the heap is
 * set up); one helper thread for V8 (garbage collection, compiling) instead of four. A pod has a
 * core at most, and each helper thread's memory arena cost a pod process about 8 MB once it had
 * run a while (PSS 21 → 13 MB running the side-by-side's beacon, no more CPU used).
 */
export function podProcessFlags(runnerPaths: readonly string[], slotDir: string, heapMb: number): string[] {
  return [
    permissionFlag(),
    ...runnerPaths.map((p) => `--allow-fs-read=${p}`),
    `--allow-fs-read=${slotDir}`,
    '--disable-warning=ExperimentalWarning',
    '--v8-pool-size=1',
    `--max-old-space-size=${heapMb}`,
  ]
}

/** What one idle process is counted at against free memory (~41 MB resident measured, rounded up). */
const IDLE_PROCESS_BYTES = 64 * 1024 * 1024

export function createPodProcessPool(options: PodProcessPoolOptions) {
  const sourceDir = dirname(realpathSync(fileURLToPath(options.entry ?? new URL('./pod-process.mjs', import.meta.url))))
  const maxSizes = options.maxSizes ?? 3
  const spareTarget = createSpareTarget({
    size: options.size,
    spareBytes: IDLE_PROCESS_BYTES,
    freeMemory: options.freeMemory ?? freemem,
    ...(options.maxWarm !== undefined ? { maxWarm: options.maxWarm } : {}),
    ...(options.shrinkAfterMs !== undefined ? { forgetAfterMs: options.shrinkAfterMs } : {}),
    onForget: shrink,
  })
  let baseDir: string | undefined
  let runner: string[] | undefined
  const idle = new Map<number, PodProcess[]>() // heap MB → idle processes, in LRU order of sizes
  const refillAfterMs = options.refillAfterMs ?? 100
  const refills = new Map<number, ReturnType<typeof setTimeout>>()
  const nice = options.nice ?? 0
  let priorityWarned = false
  let closed = false

  function base(): string {
    if (!baseDir) {
      if (options.baseDir) baseDir = options.baseDir
      else {
        const root = options.tempRoot ?? tmpdir()
        sweepStalePodBases(root, { log: options.log })
        baseDir = createPodBase(root)
      }
      // Another uid must be able to reach its own slot inside (but not list the others).
      if (options.user) chmodSync(baseDir, 0o711)
      runner = copyRunner(sourceDir, baseDir)
    }
    return baseDir
  }
  const runnerPaths = () => (base(), runner!)

  /** Starts a pod process; a `spare` (kept warm, not yet needed) loads fetch before it says ready. */
  function launch(heapMb: number, spare: boolean): PodProcess {
    const slotDir = mkdtempSync(join(base(), 'pod-'))
    if (options.user) chownSync(slotDir, options.user.uid, options.user.gid)
    const [entryPath, ...rest] = runnerPaths()
    let child: ChildProcess
    try {
      child = (options.spawn ?? spawn)(
        options.execPath ?? process.execPath,
        [
          ...podProcessFlags([entryPath!, ...rest], slotDir, heapMb),
          entryPath!,
          slotDir,
          options.network ?? 'default',
          ...(spare ? ['spare'] : []),
        ],
        {
          cwd: slotDir,
          env: {},
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
          // Its own process group: a signal to "group 0" from inside reaches no one else, and ^C
          // in the agent's terminal does not kill pods before the agent stops them gracefully.
          detached: true,
          serialization: 'json',
          ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
        },
      )
    } catch (error) {
      rmSync(slotDir, { recursive: true, force: true })
      throw error
    }
    if (child.pid !== undefined && nice > 0) {
      const took = lowerPodPriority(child.pid, nice)
      if (!took.process && !priorityWarned) {
        priorityWarned = true
        options.log.warn('could not lower the pod processes’ priority; they run at the agent’s', { nice })
      }
    }
    const ready = new Promise<boolean>((resolve) => {
      const onMessage = (m: unknown) => {
        if ((m as { type?: unknown } | null)?.type !== 'ready') return
        child.off('message', onMessage)
        options.onStarted?.()
        resolve(true)
      }
      child.on('message', onMessage)
      child.once('exit', () => resolve(false))
      child.once('error', (error) => {
        options.log.warn('could not start a pod process', { error: error.message })
        if (child.pid === undefined) options.onStartError?.(error)
        resolve(false)
      })
    })
    let removed = false
    return {
      child,
      heapMb,
      slotDir,
      ready,
      cleanup(now = false) {
        if (removed) return
        removed = true
        if (now) return rmSync(slotDir, { recursive: true, force: true })
        rm(slotDir, { recursive: true, force: true }).catch((error: Error) =>
          options.log.warn('could not remove a pod folder', { error: error.message }),
        )
      },
    }
  }

  const parked = new WeakMap<PodProcess, () => void>()

  /** An idle process keeps neither the agent alive nor its output: until it runs a pod, it is parked. */
  function park(p: PodProcess) {
    p.child.unref()
    ;(p.child.channel as { unref?: () => void } | undefined)?.unref?.()
    p.child.stdout?.resume()
    p.child.stderr?.resume()
    const onExit = () => {
      const list = idle.get(p.heapMb)
      const i = list?.indexOf(p) ?? -1
      if (list && i >= 0) list.splice(i, 1)
      p.cleanup()
    }
    parked.set(p, onExit)
    p.child.once('exit', onExit)
  }

  function unpark(p: PodProcess) {
    p.child.ref()
    ;(p.child.channel as { ref?: () => void } | undefined)?.ref?.()
    const onExit = parked.get(p)
    if (onExit) p.child.off('exit', onExit)
    parked.delete(p)
  }

  /** Ends the idle processes of `heapMb` beyond `size` (its bursts forgotten). */
  function shrink(heapMb: number) {
    const extra = idle.get(heapMb)?.splice(options.size) ?? []
    for (const p of extra) p.child.kill('SIGKILL') // its exit handler removes its folder
    if (extra.length > 0) options.log.debug('warm pool shrank after its idle time', { heapMb, ended: extra.length })
  }

  function refill(heapMb: number) {
    if (closed || options.size <= 0) return
    let list = idle.get(heapMb)
    idle.delete(heapMb) // re-insert: most recently used size last
    idle.set(heapMb, (list ??= []))
    const want = spareTarget.next(heapMb)
    while (list.length < want) {
      let p: PodProcess
      try {
        p = launch(heapMb, true)
      } catch (error) {
        options.log.warn('could not start a warm pod process', { error: (error as Error).message })
        options.onStartError?.(error as Error)
        break
      }
      park(p)
      list.push(p)
    }
    while (idle.size > maxSizes) {
      const [oldest, procs] = idle.entries().next().value as [number, PodProcess[]]
      idle.delete(oldest)
      for (const p of procs) p.child.kill('SIGKILL')
    }
  }

  /** Refills `heapMb` once the current burst of takes is over (at most one pending refill per size). */
  function refillSoon(heapMb: number) {
    if (refillAfterMs <= 0) return refill(heapMb)
    if (refills.has(heapMb)) return
    const timer = setTimeout(() => {
      refills.delete(heapMb)
      refill(heapMb)
    }, refillAfterMs)
    timer.unref()
    refills.set(heapMb, timer)
  }

  base()
  if (options.user) {
    // Refused at start, with the path and the fix, rather than every pod failing later.
    for (const [path, what] of [
      [options.execPath ?? process.execPath, 'the node binary'],
      [runnerPaths()[0]!, 'the pod runner'],
    ] as const) {
      const blocked = unreachableFor(path, options.user)
      if (blocked) throw new Error(`--pod-user ${options.user.uid}:${options.user.gid} cannot reach ${what} ${path}: ${blocked}`)
    }
  }
  for (const heapMb of options.prewarm ?? []) refill(heapMb)

  return {
    /** The runner the pods start from (a copy inside the base directory). */
    get entryPath() {
      return runnerPaths()[0]!
    },
    /** A process for one pod: a warm one if any, else a new one; the pool refills behind it. */
    take(heapMb: number): PodProcess {
      const list = idle.get(heapMb) ?? []
      let p: PodProcess | undefined
      while ((p = list.shift()) && (p.child.exitCode !== null || p.child.signalCode !== null)) p = undefined
      const taken = p ?? launch(heapMb, false)
      unpark(taken)
      spareTarget.took(heapMb)
      refillSoon(heapMb)
      return taken
    },
    /**
     * Starts one process of `heapMb` to see whether the machine can (resource pressure); kept
     * warm when the pool has room for it. Resolves whether it said ready.
     */
    async probe(heapMb: number): Promise<boolean> {
      if (closed) return false
      const p = launch(heapMb, true)
      const ok = await p.ready
      const list = idle.get(heapMb)
      if (ok && !closed && list && list.length < options.size) {
        park(p)
        list.push(p)
      } else if (ok) {
        p.child.once('exit', () => p.cleanup())
        p.child.kill('SIGKILL')
      } else p.cleanup()
      return ok
    },
    /** How many processes wait, per heap size. */
    idleCounts: () => new Map([...idle].map(([mb, list]) => [mb, list.length])),
    /** Ends the idle processes and removes the slot directories. */
    close() {
      closed = true
      for (const timer of refills.values()) clearTimeout(timer)
      refills.clear()
      spareTarget.close()
      // Their folders go now: the agent may exit before their exit events would remove them.
      for (const list of idle.values())
        for (const p of list) {
          p.child.kill('SIGKILL')
          p.cleanup(true)
        }
      idle.clear()
    },
    /** Removes the base directory (once every pod process has exited). */
    removeBase() {
      if (baseDir && !options.baseDir) rmSync(baseDir, { recursive: true, force: true })
    },
  }
}
export type PodProcessPool = ReturnType<typeof createPodProcessPool>
