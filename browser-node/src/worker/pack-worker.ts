/**
 * The pack worker: a dedicated Web Worker created from a blob inside the sandboxed (opaque-origin)
 * frame. It imports one pack bundle, calls its default export with `ctx`, and sends console output
 * to the page line by line. Built as one self-contained file (Comlink inside).
 */
import * as Comlink from 'comlink'
import { formatArgs, logLines } from '../runtime/format'
import { startBusySampler } from './busy-sampler'
import type { PackContextData, PackResult, PackWorkerApi } from './protocol'

/** The part of a dedicated worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  addEventListener(type: 'message', fn: (e: MessageEvent) => void, options?: { once?: boolean }): void
  addEventListener(type: 'unhandledrejection', fn: (e: PromiseRejectionEvent) => void): void
  addEventListener(type: 'error', fn: (e: ErrorEvent) => void): void
}
const scope = self as unknown as WorkerScope

/** The timer and clock the sampler uses, taken before any pack code runs. */
const timer = setTimeout.bind(globalThis)
const now = performance.now.bind(performance)

/**
 * A worker that calls `close()` ends without a word to the page, and its pod would stay Running
 * for ever. Packs end by returning from their default export, so `close` is replaced — on the
 * global and on its prototype chain, where the original lives — by one that refuses, for good.
 */
function lockClose(): void {
  const refuse = () => {
    throw new Error('close() is not available to packs: return from the default export to end')
  }
  for (let o: object | null = self; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (Object.getOwnPropertyDescriptor(o, 'close')) {
      Object.defineProperty(o, 'close', { value: refuse, writable: false, configurable: false, enumerable: false })
    }
  }
}

scope.addEventListener(
  'message',
  (event: MessageEvent) => {
    const [apiPort, logPort] = event.ports
    if ((event.data as { type?: string })?.type !== 'stark:connect' || !apiPort || !logPort) return
    const controller = new AbortController()
    let mainBegun = false
    const post = (stream: 'stdout' | 'stderr', args: unknown[]) => {
      for (const line of logLines(formatArgs(args))) logPort.postMessage({ stream, line })
    }
    const podConsole = {
      ...console,
      log: (...a: unknown[]) => post('stdout', a),
      info: (...a: unknown[]) => post('stdout', a),
      debug: (...a: unknown[]) => post('stdout', a),
      warn: (...a: unknown[]) => post('stderr', a),
      error: (...a: unknown[]) => post('stderr', a),
      trace: (...a: unknown[]) => post('stderr', a),
    }
    Object.defineProperty(globalThis, 'console', { value: podConsole, writable: true, configurable: true })
    lockClose()
    // How busy this worker's loop is, for the pod's CPU figure (a page cannot read a thread's CPU time).
    const sampler = startBusySampler({ now, setTimeout: timer, random: Math.random })
    const report = () => {
      logPort.postMessage({ usage: sampler.read() })
      timer(report, 1000)
    }
    timer(report, 1000)
    scope.addEventListener('unhandledrejection', (e) => post('stderr', ['unhandled rejection:', e.reason]))
    scope.addEventListener('error', (e) => post('stderr', ['uncaught:', e.error ?? e.message]))

    const api: PackWorkerApi = {
      async run(source: string, base: PackContextData): Promise<PackResult> {
        const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
        try {
          const mod = (await import(/* @vite-ignore */ url)) as { default?: unknown; view?: unknown }
          if (mod.view === true) return { status: 'NeedsView' }
          const main = mod.default
          if (typeof main !== 'function') {
            throw new Error('the bundle has no default export function (export default async function main(ctx) { … })')
          }
          // Stopped while it loaded: main would get a signal already aborted, whose listeners never
          // fire, and wait out the grace period. It never runs (the page ended the pod already).
          if (controller.signal.aborted) return { status: 'Succeeded' }
          mainBegun = true
          const ctx = { ...base, signal: controller.signal, log: (...a: unknown[]) => post('stdout', a) }
          await main(ctx)
          return { status: 'Succeeded' }
        } catch (error) {
          post('stderr', [error])
          return { status: 'Failed', message: error instanceof Error ? error.message : String(error) }
        } finally {
          URL.revokeObjectURL(url)
          logPort.postMessage({ end: true })
        }
      },
      abort() {
        if (!controller.signal.aborted) controller.abort()
        return mainBegun
      },
    }
    Comlink.expose(api, apiPort)
  },
  { once: true },
)
