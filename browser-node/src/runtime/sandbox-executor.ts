/**
 * Runs each pod in a Comlink-wrapped Web Worker inside its own sandboxed frame. Console output
 * becomes the pod's log; stop = abort the pack's signal, then, after the grace period, terminate
 * the worker and remove its frame.
 */
import * as Comlink from 'comlink'
import type { Clock, Logger, PodAssignment, PodExit, PodIO, PodRun, Timer } from '@stark/shared'
import { createSandboxFrame } from './sandbox-frame'
import { asLogMessage, type PackResult, type PackWorkerApi } from '../worker/protocol'

export interface SandboxExecutorOptions {
  clock: Clock
  log: Logger
  /** The pack worker's program (a self-contained classic script). */
  workerSource: () => Promise<string>
  /** Where the (hidden) frames go; default document.body. */
  container?: () => HTMLElement
}

export function createSandboxExecutor(options: SandboxExecutorOptions) {
  const { clock } = options
  const container = options.container ?? (() => document.body)

  function start(a: PodAssignment, nodeId: string, source: string, io: PodIO): PodRun {
    const log = options.log.child({ podId: a.podId, incarnation: a.incarnation })
    const sandbox = createSandboxFrame(container(), `pod ${a.namespace}/${a.name}`)
    const api = new MessageChannel()
    const logs = new MessageChannel()
    const remote = Comlink.wrap<PackWorkerApi>(api.port1)

    let ended = false
    let stopRequested = false
    let deadline = Infinity
    let killTimer: Timer | undefined
    let settle!: (exit: PodExit) => void
    const done = new Promise<PodExit>((resolve) => (settle = resolve))
    let endOfOutput!: () => void
    const outputEnded = new Promise<void>((resolve) => (endOfOutput = resolve))

    logs.port1.onmessage = (e: MessageEvent) => {
      if ((e.data as { end?: unknown })?.end === true) return endOfOutput()
      const m = asLogMessage(e.data)
      if (m && !ended) io.log(m.stream, m.line)
    }

    const finish = (exit: PodExit) => {
      if (ended) return
      ended = true
      killTimer?.cancel()
      sandbox.post({ type: 'stark:terminate' })
      sandbox.remove()
      api.port1.close()
      logs.port1.close()
      remote[Comlink.releaseProxy]()
      settle(stopRequested ? { ...exit, status: 'Stopped' } : exit)
    }

    void (async () => {
      try {
        const workerSource = await options.workerSource()
        await sandbox.ready
        if (ended) return
        sandbox.post({ type: 'stark:start', workerSource, name: `pod ${a.namespace}/${a.name}` }, [api.port2, logs.port2])
        const result: PackResult = await remote.run(source, {
          pod: { id: a.podId, name: a.name, namespace: a.namespace, nodeId, incarnation: a.incarnation },
          pack: { name: a.pack.name, version: a.pack.version },
          env: { ...a.env },
          args: [...a.args],
          runtime: 'browser',
        })
        // Lines travel on their own port: wait for the worker's end-of-output mark (briefly).
        await Promise.race([outputEnded, clock.sleep(1000)])
        finish(result.status === 'Succeeded' ? { status: 'Succeeded' } : { status: 'Failed', reason: 'Error', message: String(result.message ?? '') })
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
        if (!stopRequested) void remote.abort().catch(() => {})
        stopRequested = true
        const at = clock.now() + gracePeriodMs
        if (at >= deadline) return
        deadline = at
        killTimer?.cancel()
        killTimer = clock.setTimeout(() => {
          if (ended) return
          log.info('terminating a pod that outlived its grace period', { gracePeriodMs })
          finish({ status: 'Stopped', reason: 'Terminated', message: 'the pack did not end within its grace period' })
        }, gracePeriodMs)
      },
    }
  }

  return { start }
}
