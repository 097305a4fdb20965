/**
 * Runs each pod in a Comlink-wrapped Web Worker inside its own sandboxed frame. Console output
 * becomes the pod's log; stop = abort the pack's signal, then, after the grace period, terminate
 * the worker and remove its frame. A pack that declares `export const view = true` is moved to a
 * visible sandboxed frame instead (see view-frame.ts).
 */
import * as Comlink from 'comlink'
import {
  type Clock,
  createGracePeriod,
  graceExpiredExit,
  type Logger,
  type PodExit,
  type PodIO,
  packContextData,
  type StartPod,
} from '@stark/shared'
import { createPodUsageMeter, type PodUsageMeter } from './pod-usage'
import { createSandboxFrame } from './sandbox-frame'
import { createViewFrame } from './view-frame'
import { asLogMessage, asUsageMessage, type PackResult, type PackWorkerApi } from '../worker/protocol'

export interface SandboxExecutorOptions {
  clock: Clock
  log: Logger
  /** The pack worker's program (a self-contained classic script). */
  workerSource: () => Promise<string>
  /** Where the (hidden) worker frames go; default document.body. */
  container?: () => HTMLElement
  /** Where UI packs' visible frames go; default document.body. */
  views?: () => HTMLElement
}

/**
 * Feeds checked log lines from `port` to the pod's log, and usage counts to `usage`; resolves
 * `end` on the end-of-output mark.
 */
function listen(port: MessagePort, io: PodIO, live: () => boolean, onResult?: (r: PackResult) => void, usage?: PodUsageMeter) {
  let ended!: () => void
  const end = new Promise<void>((resolve) => (ended = resolve))
  port.onmessage = (e: MessageEvent) => {
    const data = e.data as { end?: unknown; result?: PackResult; usage?: unknown } | null
    if (data?.end === true) return ended()
    if (data?.result && onResult) return onResult(data.result)
    if (data?.usage !== undefined) {
      const counts = asUsageMessage(data)
      if (counts && usage && live()) usage.reported(counts)
      return
    }
    const m = asLogMessage(data)
    if (m && live()) io.log(m.stream, m.line)
  }
  return end
}

export function createSandboxExecutor(options: SandboxExecutorOptions) {
  const { clock } = options
  const container = options.container ?? (() => document.body)
  const views = options.views ?? (() => document.body)

  const start: StartPod<string> = (a, nodeId, source, io) => {
    const log = options.log.child({ podId: a.podId, incarnation: a.incarnation })
    const title = `pod ${a.namespace}/${a.name}`
    const ctx = packContextData(a, nodeId, 'browser')
    let ended = false
    let stopRequested = false
    let abort = () => {}
    let teardown = () => {}
    /** Set while the pod runs in a worker (a UI pack's view has no sampler). */
    let usage: PodUsageMeter | undefined
    let settle!: (exit: PodExit) => void
    const done = new Promise<PodExit>((resolve) => (settle = resolve))
    const live = () => !ended
    const grace = createGracePeriod(clock, (gracePeriodMs) => {
      if (ended) return
      log.info('terminating a pod that outlived its grace period', { gracePeriodMs })
      finish(graceExpiredExit)
    })

    const finish = (exit: PodExit) => {
      if (ended) return
      ended = true
      grace.cancel()
      teardown()
      settle(stopRequested ? { ...exit, status: 'Stopped' } : exit)
    }

    async function inWorker(): Promise<PackResult> {
      const workerSource = await options.workerSource()
      const sandbox = createSandboxFrame(container(), title)
      const api = new MessageChannel()
      const logs = new MessageChannel()
      const remote = Comlink.wrap<PackWorkerApi>(api.port1)
      usage = createPodUsageMeter(() => clock.now())
      const outputEnded = listen(logs.port1, io, live, undefined, usage)
      teardown = () => {
        sandbox.post({ type: 'stark:terminate' })
        sandbox.remove()
        api.port1.close()
        logs.port1.close()
        remote[Comlink.releaseProxy]()
      }
      // A pack stopped before its main began (its bundle still loading) ends now: main never runs.
      abort = () =>
        void remote.abort().then(
          (begun) => begun === false && finish({ status: 'Succeeded' }),
          () => {},
        )
      await sandbox.ready
      if (ended) return { status: 'Failed' }
      sandbox.post({ type: 'stark:start', workerSource, name: title }, [api.port2, logs.port2])
      if (stopRequested) abort()
      const result = await remote.run(source, ctx)
      // Lines travel on their own port: wait for the worker's end-of-output mark (briefly).
      await Promise.race([outputEnded, clock.sleep(1000)])
      return result
    }

    async function inView(): Promise<PackResult> {
      const view = createViewFrame(views(), title)
      const channel = new MessageChannel()
      let resolveResult!: (r: PackResult) => void
      const result = new Promise<PackResult>((resolve) => (resolveResult = resolve))
      listen(channel.port1, io, live, resolveResult)
      teardown = () => {
        view.remove()
        channel.port1.close()
      }
      abort = () => channel.port1.postMessage({ type: 'abort' })
      await view.ready
      if (ended) return { status: 'Failed' }
      view.start(source, ctx, channel.port2)
      if (stopRequested) abort()
      return result
    }

    void (async () => {
      try {
        let result = await inWorker()
        if (result.status === 'NeedsView' && !ended) {
          teardown()
          usage = undefined
          result = await inView()
        }
        finish(
          result.status === 'Succeeded'
            ? { status: 'Succeeded' }
            : { status: 'Failed', reason: 'Error', message: String(result.message ?? '') },
        )
      } catch (error) {
        if (ended) return
        log.warn('pod sandbox failed', { error: String(error) })
        finish({ status: 'Failed', reason: 'Crashed', message: error instanceof Error ? error.message : String(error) })
      }
    })()

    return {
      done,
      stop(gracePeriodMs) {
        if (ended) return
        if (!stopRequested) abort()
        stopRequested = true
        grace.begin(gracePeriodMs)
      },
      usage: () => (ended ? undefined : usage?.read()),
    }
  }

  return { start }
}
