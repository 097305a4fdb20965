// Runs one pack inside a worker_thread. Plain JavaScript on purpose: a worker cannot load
// TypeScript, and this file is copied as is next to dist/index.mjs by the build.
//
// workerData: { job: { bundleUrl, ctx: { pod, pack, env, args, runtime } }, nice } — a worker started for its pod —
//             or { spare: true }: a spare of the warm pool (worker-pool.ts), which loads fetch and
//             waits for { type: 'run', job: { bundleUrl, ctx, env, args } } (its environment and
//             arguments become the pod's then; a worker started for its pod has them from the start).
// to the agent:   { type: 'thread', tid } (Linux: this thread's id, for its CPU time in /proc) ·
//                 { type: 'log', stream, line } · { type: 'usage', heapUsed, external } · { type: 'result', status, message? }
// from the agent: { type: 'run', job } (a spare) · { type: 'stop' } (aborts ctx.signal)
import { parentPort, workerData } from 'node:worker_threads'
import { Console } from 'node:console'
import { Writable } from 'node:stream'
import { getHeapStatistics } from 'node:v8'
import { readFileSync } from 'node:fs'
import { setPriority } from 'node:os'

// This thread below the agent's main thread (worker-pool.ts, `nice`). Only on Linux, where a nice
// value is a thread's own: elsewhere it would be the whole agent's.
if (process.platform === 'linux' && Number.isInteger(workerData?.nice) && workerData.nice > 0) {
  try {
    setPriority(0, workerData.nice)
  } catch {
    // not permitted: the pod runs at the agent's priority
  }
}

const port = parentPort
const controller = new AbortController()

/** A stream that posts each complete line as a log message (the rest waits for its newline). */
function lineStream(stream) {
  let partial = ''
  const writable = new Writable({
    decodeStrings: false,
    write(chunk, _encoding, callback) {
      partial += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
      let nl
      while ((nl = partial.indexOf('\n')) >= 0) {
        port.postMessage({ type: 'log', stream, line: partial.slice(0, nl) })
        partial = partial.slice(nl + 1)
      }
      callback()
    },
  })
  const flush = () => {
    if (partial) port.postMessage({ type: 'log', stream, line: partial })
    partial = ''
  }
  return { writable, flush }
}

const out = lineStream('stdout')
const err = lineStream('stderr')
// console.* is the pod's log: every method, formatted as Node formats it, one message per line.
const podConsole = new Console({ stdout: out.writable, stderr: err.writable, colorMode: false })
Object.defineProperty(globalThis, 'console', { value: podConsole, writable: true, configurable: true })

let started = false
// Whether the pack's main was called, and whether the run's result went out (once).
let mainBegun = false
let ended = false
port.on('message', (message) => {
  if (message?.type === 'stop' && !controller.signal.aborted) {
    controller.abort()
    // Stopped while its bundle loads: main would get a signal already aborted, whose listeners
    // never fire, and wait out the grace period. It never runs; the pod ends now.
    if (started && !mainBegun) finish({ status: 'Succeeded' })
  } else if (message?.type === 'run' && workerData?.spare && !started) {
    becomePod(message.job)
    begin(message.job)
  }
})

const argvBase = process.argv.slice()
/** A spare takes its pod's environment and arguments before anything of the pack is loaded. */
function becomePod(job) {
  for (const key of Object.keys(process.env)) delete process.env[key]
  Object.assign(process.env, job.env)
  process.argv = [...argvBase, ...job.args]
}

try {
  // /proc/thread-self is this thread: the agent reads its CPU time from /proc/<agent>/task/<tid>/stat.
  const tid = Number(readFileSync('/proc/thread-self/stat', 'latin1').split(' ')[0])
  if (Number.isInteger(tid) && tid > 0) port.postMessage({ type: 'thread', tid })
} catch {
  // not Linux: the agent falls back to the event loop's utilisation
}

const reportUsage = () => {
  const heap = getHeapStatistics()
  port.postMessage({ type: 'usage', heapUsed: heap.used_heap_size, external: heap.external_memory ?? 0 })
}
reportUsage()
setInterval(reportUsage, 2000).unref()

/** Resolves once what the pack wrote to process.stdout/stderr has gone out (terminate would drop it). */
const drained = (stream) => new Promise((resolve) => stream.write('', () => resolve()))

async function finish(result) {
  if (ended) return
  ended = true
  out.flush()
  err.flush()
  await Promise.all([drained(process.stdout), drained(process.stderr)])
  port.postMessage({ type: 'result', ...result })
}

async function run({ bundleUrl, ctx: base }) {
  const mod = await import(bundleUrl)
  const main = mod.default
  if (typeof main !== 'function') {
    throw new Error('the bundle has no default export function (export default async function main(ctx) { … })')
  }
  // Stopped while it loaded: its main never runs (the run already ended, see the stop above).
  if (controller.signal.aborted) return
  mainBegun = true
  const ctx = { ...base, signal: controller.signal, log: (...args) => podConsole.log(...args) }
  await main(ctx)
}

function begin(job) {
  started = true
  run(job).then(
    () => finish({ status: 'Succeeded' }),
    (error) => {
      if (error instanceof Error && error.stack) podConsole.error(error.stack)
      else podConsole.error(String(error))
      finish({ status: 'Failed', message: error instanceof Error ? error.message : String(error) })
    },
  )
}

if (workerData?.spare) {
  // Most packs call fetch: a spare gets it ready (loaded, and one request made) while it waits.
  import('./fetch-ready.mjs').then(
    async ({ readyFetch }) => readyFetch(await import('node:net')),
    () => {},
  )
} else begin(workerData.job)
