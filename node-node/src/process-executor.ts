/**
 * Runs each pod in its own OS process (pod-process.mjs) under Node's permission model — the
 * security boundary between packs and the agent. Worker threads share the agent's process (its
 * memory, environment, file access and pid), so a pack in one could read the node's token; a pod
 * process reads only its own directory, gets only the pod's environment, can start nothing, and
 * can signal no other process. See pod-process.mjs for what it closes and README for what is left.
 *
 * Starts stay fast with a warm pool (pod-process-pool.ts). The heap limit comes from the pod's
 * memory request (--max-old-space-size); memory outside the heap is bounded by a watchdog on the
 * resident size, measured from /proc where there is one. Nothing the child says is trusted beyond
 * its own pod: messages are checked, lines are cut, and the agent's own view of the process
 * (exit code, signals, /proc) decides how the run ended.
 */
import { chownSync, copyFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Clock,
  createGracePeriod,
  DEFAULT_POD_REQUEST,
  graceExpiredExit,
  type Logger,
  type PodExit,
  packContextData,
  type StartPod,
  type Timer,
} from '@stark/shared'
import { pipeLines } from './line-splitter'
import { checkMessage, closeHandle, handlePassedExit } from './pod-channel'
import { DEFAULT_POD_NICE } from './pod-priority'
import { createPodProcessPool, type PodNetwork, type PodProcessPoolOptions, type PodUser } from './pod-process-pool'
import { createUsageMeter } from './pod-usage'
import { nextMemoryCheckMs, readProcFacts, residentReader, type ProcFacts } from './proc-stats'
import { createResourcePressure } from './resource-pressure'

export interface ProcessExecutorOptions {
  clock: Clock
  log: Logger
  /** Smallest heap a pod gets, whatever it asked for (MB). */
  minHeapMb?: number
  /** Idle pod processes kept ready per heap size (default 2; 0 starts every pod cold). */
  warmPool?: number
  /** Run pods as this OS user (for an agent running as root). */
  user?: PodUser
  /** What pods may connect to (default 'default': no local sockets, no link-local addresses). */
  network?: PodNetwork
  /** Nice value of pod processes (pod-priority.ts; default 10, 0: the agent's own priority). */
  nice?: number
  /** How often the resident size is checked (ms, default 1000). */
  watchdogIntervalMs?: number
  /**
   * A pod process ends itself when it has heard nothing from the agent for this long (ms; default
   * 8000): a frozen agent (SIGSTOP, a stalled machine) must not leave its pods running on while
   * the server replaces them elsewhere. The agent says "alive" with every watchdog round (the run
   * message itself counting as the first word).
   */
  agentSilenceMs?: number
  /** The child's entry (tests); default pod-process.mjs beside this module. */
  entry?: URL
  /** Where slot directories go (default: a fresh directory in the OS temp dir). */
  baseDir?: string
  /** Starts pod processes (default child_process.spawn; tests inject failures). */
  spawn?: PodProcessPoolOptions['spawn']
  /** While the node is under resource pressure, how often it tries to start a pod process again (ms, default 5000). */
  pressureProbeMs?: number
  /** This machine's page size and clock tick (default: asked of getconf once, here). */
  procFacts?: ProcFacts
}

/** Resident memory a pod may use in all: its heap twice over (buffers live outside it) plus Node's own. */
export const residentLimitMb = (heapMb: number) => 2 * heapMb + 128

/** Longest line taken from a pod's raw output; a longer one is cut into pieces. */
const MAX_LINE = 16_384
const MB = 1024 * 1024
/** Longest wait for a pod's output pipes to close once its process ended (ms). */
const OUTPUT_WAIT_MS = 5000
const OOM_LINE = /Reached heap limit|JavaScript heap out of memory/

export function createProcessExecutor(options: ProcessExecutorOptions) {
  const { clock } = options
  const minHeapMb = options.minHeapMb ?? 32
  const watchEvery = options.watchdogIntervalMs ?? 1000
  const agentSilenceMs = options.agentSilenceMs ?? 8000
  const facts = options.procFacts ?? readProcFacts()
  const heapFor = (memory: number) => Math.max(minHeapMb, memory)
  const pressure = createResourcePressure({
    clock,
    log: options.log,
    probe: () =>
      pool
        .probe(heapFor(DEFAULT_POD_REQUEST.memory))
        .catch((error: unknown) => (pressure.failed(error, 'could not start a pod process'), false)),
    ...(options.pressureProbeMs !== undefined ? { probeEveryMs: options.pressureProbeMs } : {}),
  })
  const pool = createPodProcessPool({
    onStartError: (error) => void pressure.failed(error, 'could not start a pod process'),
    onStarted: () => pressure.ok(),
    ...(options.spawn ? { spawn: options.spawn } : {}),
    log: options.log,
    size: options.warmPool ?? 2,
    prewarm: (options.warmPool ?? 2) > 0 ? [heapFor(DEFAULT_POD_REQUEST.memory)] : [],
    ...(options.user ? { user: options.user } : {}),
    ...(options.network ? { network: options.network } : {}),
    nice: options.nice ?? DEFAULT_POD_NICE,
    ...(options.entry ? { entry: options.entry } : {}),
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
  })
  const running = new Set<() => void>()

  const start: StartPod<string> = (a, nodeId, bundlePath, io) => {
    const heapMb = heapFor(a.resources.memory)
    const limitMb = residentLimitMb(heapMb)
    const log = options.log.child({ podId: a.podId, incarnation: a.incarnation })
    let proc: ReturnType<typeof pool.take>
    try {
      proc = pool.take(heapMb)
    } catch (error) {
      pressure.failed(error, 'could not start a pod process')
      const message = `could not start the pod process: ${(error as Error).message}`
      return { done: Promise.resolve({ status: 'Failed', reason: 'StartError', message }), stop() {}, usage: () => undefined }
    }
    const { child } = proc

    let result: PodExit | undefined
    let failure: PodExit | undefined
    let stopRequested = false
    let runSent = false
    let terminatedAfterGrace = false
    let outOfMemory = false
    let violation: PodExit | undefined
    let exited = false
    let lingerTimer: Timer | undefined
    let watchdog: Timer | undefined
    const usage = createUsageMeter(clock, child.pid, facts)
    let settle!: (exit: PodExit) => void
    const done = new Promise<PodExit>((resolve) => (settle = resolve))

    const kill = () => {
      if (!exited) child.kill('SIGKILL')
    }
    running.add(kill)
    const grace = createGracePeriod(clock, (gracePeriodMs) => {
      if (exited || result) return
      terminatedAfterGrace = true
      log.info('terminating a pod that outlived its grace period', { gracePeriodMs })
      kill()
    })

    // The pod's last messages (its result) are read before the channel reports its end: under load
    // the child's exit can be seen first, and a result still in the channel would be lost.
    const channelClosed = new Promise<void>((resolve) => {
      if (!child.connected) resolve()
      else child.once('disconnect', () => resolve())
    })
    const raw = [
      channelClosed,
      pipeLines(child.stdout, 'stdout', io, { maxLine: MAX_LINE }),
      pipeLines(child.stderr, 'stderr', io, {
        maxLine: MAX_LINE,
        watch: (line) => {
          if (OOM_LINE.test(line)) outOfMemory = true
        },
      }),
    ]

    child.on('message', (m: unknown, handle?: unknown) => {
      if (handle !== undefined && handle !== null) {
        // The channel carries data only: a socket, server or descriptor passed with a message
        // is closed at once, and the pod that tried it is done.
        closeHandle(handle)
        if (!violation) {
          violation = handlePassedExit
          log.warn('a pod passed a handle to the agent; closed it and ending the pod')
        }
        return kill()
      }
      const msg = checkMessage(m)
      if (!msg) return
      if (msg.type === 'usage') usage.reported(msg.heapUsed, msg.cpuMicros)
      else if (msg.type === 'crash') failure ??= { status: 'Failed', reason: 'Crashed', message: msg.message }
      else if (!result) {
        result =
          msg.status === 'Succeeded' ? { status: 'Succeeded' } : { status: 'Failed', reason: 'Error', message: msg.message ?? '' }
        // It exits by itself once the result is out; a pack that holds it open is ended.
        lingerTimer?.cancel()
        lingerTimer = clock.setTimeout(kill, 2000)
      }
    })
    child.on('error', (error) => {
      log.warn('pod process error', { error: error.message })
      if (child.pid === undefined && !exited) {
        exited = true
        failure = { status: 'Failed', reason: 'StartError', message: `could not start the pod process: ${error.message}` }
        finish(null)
      }
    })
    child.on('exit', (code) => {
      if (exited) return
      exited = true
      finish(code)
    })

    function finish(code: number | null) {
      lingerTimer?.cancel()
      grace.cancel()
      watchdog?.cancel()
      resident?.close()
      running.delete(kill)
      // The status goes out only once both pipes are read to their end, so the pod's last lines come
      // first; bounded, should anything else hold the pipes open after the pod process ended.
      // (Closing them ends their reads, which flush what they hold.)
      const waited = clock.setTimeout(() => {
        log.warn('the pod’s output pipes stayed open after it ended; closing them')
        child.stdout?.destroy()
        child.stderr?.destroy()
        if (child.connected) child.disconnect()
      }, OUTPUT_WAIT_MS)
      void Promise.all(raw).then(() => {
        waited.cancel()
        proc.cleanup()
        settle(outcome(code))
      })
    }

    function outcome(code: number | null): PodExit {
      const ended: PodExit =
        violation ??
        (outOfMemory
          ? {
              status: 'Failed',
              reason: 'OOMKilled',
              message: `the pack ran out of memory (heap limit ${heapMb} MB, ${limitMb} MB resident)`,
            }
          : undefined) ??
        result ??
        failure ??
        (terminatedAfterGrace
          ? graceExpiredExit
          : !runSent
            ? { status: 'Failed', reason: 'StartError', message: 'the pod process ended before the pack started' }
            : code === 0
              ? { status: 'Succeeded', exitCode: 0 }
              : code === null
                ? {
                    status: 'Failed',
                    reason: 'Killed',
                    message: `the pod process was killed by ${child.signalCode ?? 'a signal'}`,
                  }
                : { status: 'Failed', reason: 'Exited', message: `the pack exited with code ${code}`, exitCode: code })
      return stopRequested ? { ...ended, status: 'Stopped' } : ended
    }

    // The memory watchdog looks often only near the limit (see nextMemoryCheckMs); the agent's
    // "alive" goes out every watchEvery, the first one a round after the run message (which the
    // pod counts as a word from the agent): each one is a write that wakes the pod, and an alive
    // right behind the run reached every pod of a burst just as its pack started.
    const resident = child.pid !== undefined ? residentReader(child.pid, facts) : undefined
    let aliveAt = -Infinity
    function watch() {
      if (exited) return
      const now = clock.now()
      if (now - aliveAt >= watchEvery && child.connected) {
        aliveAt = now
        try {
          child.send({ type: 'alive' })
        } catch {
          /* closing */
        }
      }
      const rss = resident?.read() ?? null
      if (rss !== null && rss > limitMb * MB) {
        outOfMemory = true
        log.warn('pod exceeded its memory; killing it', { rssMb: Math.round(rss / MB), limitMb })
        kill()
        return
      }
      const untilAlive = Math.max(1, watchEvery - (now - aliveAt))
      watchdog = clock.setTimeout(
        watch,
        rss === null ? untilAlive : Math.min(untilAlive, nextMemoryCheckMs(rss, limitMb * MB, watchEvery)),
      )
    }

    void (async () => {
      try {
        copyFileSync(bundlePath, join(proc.slotDir, 'pack.mjs'))
        if (options.user) chownSync(join(proc.slotDir, 'pack.mjs'), options.user.uid, options.user.gid)
      } catch (error) {
        pressure.failed(error, 'could not stage a bundle')
        failure = { status: 'Failed', reason: 'StartError', message: `could not stage the bundle: ${(error as Error).message}` }
        return kill()
      }
      if (!(await proc.ready) || exited) return
      if (stopRequested) return kill()
      runSent = true
      const ctx = packContextData(a, nodeId, 'node')
      try {
        child.send({ type: 'run', file: 'pack.mjs', ctx, agentSilenceMs })
        aliveAt = clock.now()
      } catch (error) {
        failure = {
          status: 'Failed',
          reason: 'StartError',
          message: `could not reach the pod process: ${(error as Error).message}`,
        }
        return kill()
      }
      watch()
    })()

    return {
      done,
      stop(gracePeriodMs) {
        if (exited || result) return
        if (!runSent) {
          stopRequested = true
          return kill()
        }
        if (!stopRequested) {
          try {
            child.send({ type: 'stop' })
          } catch {
            /* channel closed: the grace period still ends it */
          }
        }
        stopRequested = true
        grace.begin(gracePeriodMs)
      },
      usage: () => (exited ? undefined : usage.read()),
    }
  }

  return {
    start,
    /** What is wrong with this node now (ResourcePressure while pod processes cannot start). */
    conditions: () => pressure.conditions(),
    onConditionsChange: (listener: () => void) => pressure.onChange(listener),
    /** Idle processes per heap size (for tests and the bench). */
    idleCounts: () => pool.idleCounts(),
    /**
     * Ends idle processes and any pod still running (the agent has stopped its pods by then), and
     * removes the pool's folders (a Ctrl-C leaves nothing behind in the temp dir).
     */
    close() {
      pressure.close()
      pool.close()
      for (const kill of [...running]) kill()
      pool.removeBase()
    },
  }
}
export type ProcessExecutor = ReturnType<typeof createProcessExecutor>
