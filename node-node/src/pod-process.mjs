// Runs one pack in its own process, under Node's permission model. Plain JavaScript on purpose: it
// is loaded by the child's entry, pod-start.cjs (no TypeScript loader there), copied as is next to dist/index.mjs.
//
// Started by process-executor.ts as
//   node --permission (Node 20: --experimental-permission) --allow-fs-read=<pod-start.cjs, this file, pod-network.mjs, fetch-ready.mjs>
//        --allow-fs-read=<slot dir> --v8-pool-size=1 --max-old-space-size=<MB> pod-start.cjs <slot dir> <network mode> [spare]
// with an empty environment, the slot directory as its cwd, stdio [ignore, pipe, pipe, ipc].
// No --allow-fs-write, --allow-child-process, --allow-worker, --allow-addons or --allow-wasi.
// (pod-start.cjs puts the V8 flag back to its default, then imports this file: argv stays the same.)
//
// Before anything of the pack runs, it closes what the permission model leaves open: signals to
// other processes (process.kill, process._kill, process._debugProcess — which would open the
// agent's inspector), renicing others (or itself above the priority it was given), trace files, V8 flags, uid changes, and the network as far
// as the pod's network mode says (argv[3], see pod-network.mjs). A spare process of the warm pool
// (argv[4] 'spare') first gets fetch ready (fetch-ready.mjs): it loads it, turns off WebAssembly's
// optimizing tier (below), and makes one HTTP request to a server of its own on the loopback
// (~1.4 MB more held, which a pack that calls fetch holds anyway). That happens before the guard
// is installed (the guard would refuse the loopback) and before any of the pack exists; the guard
// works on the socket classes' prototypes, so what fetch loaded is guarded all the same.
// Then it says `ready` and waits until the agent sends the pod to run.
//
// fetch parses HTTP with llhttp, a WebAssembly module. Once a pod has made a few requests, V8
// recompiles llhttp's one huge parser function with its optimizing compiler on its helper thread:
// about 200 ms of CPU per pod, and some 30 MB of compiler memory of which the helper thread's
// malloc arena kept ~8 MB for good in about half the pods (a beacon pod's PSS 20.6 MB against
// 12.4 MB without). With --no-wasm-tier-up --no-wasm-dynamic-tiering, WebAssembly runs on V8's
// baseline compiler (Liftoff; the optimizing one only where Liftoff cannot). The flags are set
// now rather than on the command line: V8 refuses Node's built-in code cache once any flag
// differs from its default (see pod-start.cjs), so what the pod loaded so far (the ES module
// loader, fetch in a spare) came from the cache; a Node module the pack loads later is compiled
// from source (a few ms of CPU each, once).
//
// to the agent:   { type: 'ready' } · { type: 'usage', heapUsed, cpu } · { type: 'result', status, message? }
//                 · { type: 'crash', message }
// from the agent: { type: 'run', file, ctx: { pod, pack, env, args, runtime }, agentSilenceMs } · { type: 'stop' }
//                 · { type: 'alive' } (every second; with no word from the agent for agentSilenceMs, the pod
//                 ends itself: a frozen agent must not leave pods running that the server replaced elsewhere)
// Output: the pack's console and process.stdout/stderr go to this process's stdout/stderr pipes.
import { createRequire, syncBuiltinESMExports } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { guardNetwork } from './pod-network.mjs'

const require = createRequire(import.meta.url)
const slotDir = process.argv[2]
const networkMode = process.argv[3] ?? 'default'
const spare = process.argv[4] === 'spare'
const ownPid = process.pid
const send = process.send.bind(process)
const exit = process.reallyExit.bind(process)

function denied(what) {
  const error = new Error(`${what} is not allowed in a pod`)
  error.code = 'ERR_ACCESS_DENIED'
  return error
}
const deny = (what) =>
  function denied_() {
    throw denied(what)
  }
const lock = (target, name, value) =>
  Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: false })

function lockdown() {
  // process.kill(pid) calls process._kill: a pod may signal itself and nothing else (no parent,
  // no process group 0, no -1). EPERM (-1) makes process.kill throw as the OS would.
  const rawKill = process._kill
  lock(process, '_kill', (pid, signal) => (pid === ownPid ? rawKill.call(process, pid, signal) : -1))
  for (const name of [
    '_debugProcess',
    '_debugEnd',
    'setuid',
    'setgid',
    'seteuid',
    'setegid',
    'setgroups',
    'initgroups',
    '_linkedBinding',
  ]) {
    if (name in process) lock(process, name, deny(`process.${name}`))
  }
  const os = require('node:os')
  const setPriority = os.setPriority
  os.setPriority = (pid, priority) => {
    if (priority === undefined) return setPriority(pid)
    if (pid !== 0 && pid !== ownPid) throw denied('os.setPriority of another process')
    // The agent set this pod below itself (pod-priority.ts): lower still, never back above.
    if (priority < os.getPriority(pid)) throw denied('os.setPriority above the priority the pod was given')
    return setPriority(pid, priority)
  }
  require('node:trace_events').createTracing = deny('trace_events.createTracing') // writes files past the permission model
  const v8 = require('node:v8')
  const setFlags = v8.setFlagsFromString.bind(v8)
  v8.setFlagsFromString = deny('v8.setFlagsFromString')
  guardNetwork(networkMode, { net: require('node:net'), dgram: require('node:dgram'), dns: require('node:dns'), os }, denied)
  syncBuiltinESMExports()
  return { setFlags }
}

const controller = new AbortController()
let started = false
// Whether the pack's main was called, and whether this run's result went out (once).
let mainBegun = false
let ended = false
let lastFromAgent = Date.now()

/** Ends the pod when the agent has been silent too long (frozen, or its machine stalled). */
function fenceToAgent(silenceMs) {
  if (!(silenceMs > 0)) return
  setInterval(
    () => {
      if (Date.now() - lastFromAgent <= silenceMs) return
      console.error(
        `[stark] the node agent has not answered for ${Math.round((Date.now() - lastFromAgent) / 1000)} s; ending this pod`,
      )
      exit(1)
    },
    Math.min(1000, silenceMs),
  ).unref()
}

// The pipes as they were before the pack ran (it may replace process.stdout, never these).
const pipes = [process.stdout, process.stderr]
/** Longest wait for the pipes to take what the pack wrote before the pod reports and ends (ms). */
const DRAIN_MS = 10_000

/**
 * Resolves once everything written to stdout and stderr so far is in the pipes (bounded). Writes to
 * a full pipe are queued in this process, and exiting drops the queue: the pack's last lines (and
 * under load much more) would be lost. An empty write calls back after every write before it.
 */
function drained() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAIN_MS)
    let left = pipes.length
    const one = () => {
      if (--left > 0) return
      clearTimeout(timer)
      resolve()
    }
    for (const pipe of pipes) {
      try {
        if (pipe.destroyed || !pipe.writable) one()
        else pipe.write('', one)
      } catch {
        one()
      }
    }
  })
}

/** The output is out before the result: the agent reports the pod only after both. */
function finish(type, result, code) {
  drained().then(() => send({ type, ...result }, () => exit(code)))
}

/** The run's one result: the pack's own, or a stop's that came before main. */
function endRun(type, result, code) {
  if (ended) return
  ended = true
  finish(type, result, code)
}

async function run(message) {
  const { ctx: base, file } = message
  for (const key of Object.keys(process.env)) delete process.env[key]
  Object.assign(process.env, base.env)
  const bundle = join(slotDir, file)
  process.argv = [process.argv[0], bundle, ...base.args]
  setInterval(() => send({ type: 'usage', heapUsed: process.memoryUsage().heapUsed, cpu: process.cpuUsage() }), 2000).unref()
  const mod = await import(pathToFileURL(bundle).href)
  const main = mod.default
  if (typeof main !== 'function') {
    throw new Error('the bundle has no default export function (export default async function main(ctx) { … })')
  }
  // Stopped while it loaded: its main never runs (the run already ended, see the stop below).
  if (controller.signal.aborted) return
  mainBegun = true
  const ctx = {
    ...base,
    env: { ...base.env },
    args: [...base.args],
    signal: controller.signal,
    log: (...args) => console.log(...args),
  }
  await main(ctx)
}

process.on('uncaughtException', (error) => {
  console.error(error instanceof Error && error.stack ? error.stack : String(error))
  finish('crash', { message: error instanceof Error ? error.message : String(error) }, 1)
})
// The agent is gone (or the pack closed the channel): nobody is left to report to.
process.on('disconnect', () => exit(started ? 1 : 0))
process.on('message', (message) => {
  lastFromAgent = Date.now()
  if (message?.type === 'stop' && !controller.signal.aborted) {
    controller.abort()
    // Stopped while its bundle loads: main would get a signal already aborted, whose listeners
    // never fire, and wait out the grace period. It never runs; the pod ends now.
    if (started && !mainBegun) endRun('result', { status: 'Succeeded' }, 0)
  } else if (message?.type === 'run' && !started) {
    started = true
    fenceToAgent(message.agentSilenceMs)
    run(message).then(
      () => endRun('result', { status: 'Succeeded' }, 0),
      (error) => {
        console.error(error instanceof Error && error.stack ? error.stack : String(error))
        // Exit 1 as well: should the result not reach the agent, the exit still says the pack failed.
        endRun('result', { status: 'Failed', message: error instanceof Error ? error.message : String(error) }, 1)
      },
    )
  }
})

const WASM_BASELINE = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering']

if (spare) {
  const { readyFetch } = await import('./fetch-ready.mjs')
  const v8 = require('node:v8')
  await readyFetch(require('node:net'), () => {
    for (const flag of WASM_BASELINE) v8.setFlagsFromString(flag)
  })
}
const { setFlags } = lockdown()
if (!spare) for (const flag of WASM_BASELINE) setFlags(flag)
send({ type: 'ready' })
