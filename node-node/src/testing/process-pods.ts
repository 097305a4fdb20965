/**
 * The process executor's test kit: a temp directory of bundles, a $STARK_HOME holding a node token
 * (what a pack must never read), a secret in the agent's environment, one shared executor, and
 * `run` to start a pod on it — or on a fresh executor with other options, closed with the kit.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { type Clock, realClock, silentLogger } from '@stark/shared'
import { podAssignment } from '@stark/shared/testing'
import { createProcessExecutor, type ProcessExecutor, type ProcessExecutorOptions } from '../process-executor'
import { bundleDir, output } from './executor-cases'

export interface RunOptions {
  memory?: number
  env?: Record<string, string>
  podId?: string
  /** Runs on a fresh executor on this clock (no warm pool). */
  clock?: Clock
  /** Runs on a fresh executor with these options (no warm pool unless given). */
  executor?: Partial<ProcessExecutorOptions>
}

/** A pack that runs each probe and prints `{name: 'ok: …' | 'denied: CODE'}` as its last line. */
export const probes = (body: string) => `export default async function main(ctx) {
  const r = {}
  const t = async (name, fn) => { try { r[name] = 'ok: ' + String(await fn()).slice(0, 200) } catch (e) { r[name] = 'denied: ' + (e.code || e.message) } }
  ${body}
  console.log(JSON.stringify(r))
}`

/** A pack that prints "up" and runs until it is stopped. */
export const untilStopped =
  'export default async function main(ctx) { console.log("up"); await new Promise((r) => ctx.signal.addEventListener("abort", r)) }'

export function processPods(prefix: string) {
  let bundles: Awaited<ReturnType<typeof bundleDir>>
  let shared: ProcessExecutor
  const fresh: ProcessExecutor[] = []
  const agentSecret = `agent-secret-${process.pid}`
  let runs = 0

  beforeAll(async () => {
    bundles = await bundleDir(prefix)
    // What an agent keeps in $STARK_HOME: its node identity (with the node token) and bundles.
    await mkdir(join(kit.home, 'nodes'), { recursive: true })
    await writeFile(kit.tokenFile, JSON.stringify({ nodeId: 'n1', nodeToken: 'the-node-token' }), { mode: 0o600 })
    process.env.STARK_TEST_AGENT_SECRET = agentSecret
    shared = createProcessExecutor({ clock: realClock, log: silentLogger })
  })
  afterAll(async () => {
    shared.close()
    for (const executor of fresh) executor.close()
    delete process.env.STARK_TEST_AGENT_SECRET
    await bundles.remove()
  })

  const kit = {
    get dir() {
      return bundles.dir
    },
    get home() {
      return join(bundles.dir, 'home')
    },
    get tokenFile() {
      return join(bundles.dir, 'home', 'nodes', 'n1.json')
    },
    get executor() {
      return shared
    },
    bundle: (source: string) => bundles.bundle(source),
    /** A fresh executor (closed with the kit). */
    executorWith(options: Partial<ProcessExecutorOptions>): ProcessExecutor {
      const executor = createProcessExecutor({ clock: realClock, log: silentLogger, warmPool: 0, ...options })
      fresh.push(executor)
      return executor
    },
    async run(source: string, opts: RunOptions = {}) {
      const wanted = opts.executor ?? (opts.clock ? { clock: opts.clock } : undefined)
      const executor = wanted ? kit.executorWith(wanted) : shared
      const out = output()
      const assignment = podAssignment({
        podId: opts.podId ?? `pod-${++runs}`,
        env: opts.env ?? {},
        resources: { cpu: 100, memory: opts.memory ?? 64 },
      })
      const podRun = executor.start(assignment, 'node-x', await bundles.bundle(source), out.io)
      return { out, podRun, done: podRun.done, json: () => JSON.parse(out.of('stdout').at(-1)!) }
    },
  }
  return kit
}
