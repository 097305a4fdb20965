/**
 * Runs packs that are plain JavaScript functions, in the test's own thread: the executor half of
 * the fake runtime. It keeps the PodRun contract (Stopped after stop(), termination after the
 * grace period on the injected clock) so the agent core can be tested without threads.
 */
import type { PodAssignment } from '../protocol/messages'
import type { PackContext, NodeRuntime } from '../model/pack'
import type { Clock, Timer } from '../time/clock'
import type { PodExit, PodIO, PodRun } from '../agent/runtime'
import { packContextData } from '../agent/pack-context'

export type FakePack = (ctx: PackContext) => unknown

export interface FakeRunRecord {
  readonly assignment: PodAssignment
  readonly nodeId: string
  readonly signal: AbortSignal
  /** Grace periods stop() was called with. */
  readonly stops: number[]
  /** Set once the run was cut off after its grace period. */
  terminated: boolean
}

const formatArg = (a: unknown) => {
  if (typeof a === 'string') return a
  if (a instanceof Error) return a.stack ?? a.message
  try {
    return JSON.stringify(a) ?? String(a)
  } catch {
    return String(a)
  }
}

export function createFunctionExecutor(clock: Clock, kind: NodeRuntime) {
  const runs: FakeRunRecord[] = []

  function start(main: FakePack, a: PodAssignment, nodeId: string, io: PodIO): PodRun {
    const controller = new AbortController()
    const record: FakeRunRecord = { assignment: a, nodeId, signal: controller.signal, stops: [], terminated: false }
    runs.push(record)
    let settle!: (exit: PodExit) => void
    const done = new Promise<PodExit>((resolve) => (settle = resolve))
    let ended = false
    let deadline = Infinity
    let killTimer: Timer | undefined

    const end = (exit: PodExit) => {
      if (ended) return
      ended = true
      killTimer?.cancel()
      settle(controller.signal.aborted ? { ...exit, status: 'Stopped' } : exit)
    }

    const ctx: PackContext = {
      ...packContextData(a, nodeId, kind),
      signal: controller.signal,
      log: (...args) => io.log('stdout', args.map(formatArg).join(' ')),
    }
    queueMicrotask(async () => {
      try {
        await main(ctx)
        end({ status: 'Succeeded' })
      } catch (error) {
        end({ status: 'Failed', reason: 'Error', message: error instanceof Error ? error.message : String(error) })
      }
    })

    return {
      done,
      stop(gracePeriodMs) {
        record.stops.push(gracePeriodMs)
        if (ended) return
        controller.abort()
        const at = clock.now() + gracePeriodMs
        if (at >= deadline) return
        deadline = at
        killTimer?.cancel()
        killTimer = clock.setTimeout(() => {
          record.terminated = true
          end({ status: 'Stopped', reason: 'Terminated', message: `did not end within the ${gracePeriodMs} ms grace period` })
        }, gracePeriodMs)
      },
      usage: () => (ended ? undefined : { cpu: 10, memory: 32 }),
    }
  }

  return { start, runs: runs as readonly FakeRunRecord[] }
}
