import { existsSync } from 'node:fs'
import { basename, dirname, extname, relative, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { cleanLogLine, nodeRuntimes, type NodeRuntime, type PodExit } from '@stark/shared'
import { envFlag, globalArgs, intFlag, repeatedFlag } from '../../lib/args'
import { bundlePack } from '../../lib/bundle'
import { contextFrom, type CliContext } from '../../lib/context'
import { CLIError, usageError } from '../../lib/errors'
import { noOutput } from '../../lib/output'
import { startLocalRun } from './local/start-local-run'
import { readPackJson } from './local/pack-json'
import { watchSources } from './local/watch'

export default defineCommand({
  meta: {
    name: 'run',
    description:
      'Run a pack on this machine as a node would (same executor, isolation and ctx), with no server; Ctrl-C stops it (example: stark pack run src/index.ts --env GREETING=hi --watch)',
  },
  args: {
    entry: { type: 'positional', required: true, valueHint: 'entry', description: 'The pack’s entry file (.ts or .js)' },
    runtime: {
      type: 'enum',
      options: [...nodeRuntimes],
      description:
        'Run it as a Node.js node (a pod process) or a browser node (headless Chromium); default from package.json, else node',
    },
    env: { type: 'string', valueHint: 'K=V', description: 'Environment for the pack, ctx.env (repeatable)' },
    arg: { type: 'string', valueHint: 'X', description: 'An argument for the pack, ctx.args (repeatable)' },
    watch: { type: 'boolean', description: 'Bundle and start again on every save' },
    'grace-period': { type: 'string', valueHint: 's', description: 'How long a stopped pack may take to return (default 10)' },
    network: {
      type: 'enum',
      options: ['default', 'restricted', 'open'],
      description: 'Node runtime: what the pack may connect to, as on a node (default: nothing on this machine)',
    },
    headed: { type: 'boolean', description: 'Browser runtime: show the browser window (a UI pack’s view)' },
    ...globalArgs,
  },
  async run({ args, rawArgs, data }) {
    const ctx = contextFrom(data)
    const entry = resolve(ctx.cwd, args.entry)
    if (!existsSync(entry)) throw usageError(`no such file: ${args.entry}`)
    const pkg = readPackJson(dirname(entry))
    const declared = pkg?.runtime
    const runtime: NodeRuntime = (args.runtime as NodeRuntime | undefined) ?? (declared === 'browser' ? 'browser' : 'node')
    // A pack that declares no runtime is held to the one it runs on now (a node pack may import node:fs).
    const packRuntime = declared ?? runtime
    if (packRuntime !== 'universal' && packRuntime !== runtime)
      throw usageError(
        `${pkg?.name ?? args.entry} is a ${packRuntime} pack (package.json "stark.runtime"); it cannot run on a ${runtime} node`,
      )
    const spec = {
      name: pkg?.name ?? basename(entry, extname(entry)),
      version: pkg?.version ?? '0.0.0',
      runtime: packRuntime,
      env: envFlag(rawArgs),
      args: repeatedFlag(rawArgs, 'arg'),
    }
    const graceMs = (intFlag(args['grace-period'], 'grace-period', { max: 3600 }) ?? 10) * 1000
    const options = {
      ctx,
      entry,
      shown: relative(ctx.cwd, entry) || entry,
      spec,
      runtime,
      graceMs,
      network: args.network as 'default' | 'restricted' | 'open' | undefined,
      headed: args.headed === true,
    }
    const signal = ctx.trapSignals()
    if (!args.watch) {
      const exit = await runOnce(options, signal)
      if (succeeded(exit)) return noOutput
      throw new CLIError(`${spec.name} ${describeExit(exit)}`)
    }
    await watchLoop({ ...options, watching: true }, signal, pkg?.dir ?? dirname(entry))
    return noOutput
  },
})

interface RunOptions extends Omit<Parameters<typeof startLocalRun>[0], 'code' | 'sink' | 'incarnation' | 'sha256'> {
  ctx: CliContext
  entry: string
  shown: string
  graceMs: number
  watching?: boolean
}

/** How a run ended, for a person: "returned", "stopped", "failed: <message>", "stopped (Terminated): …". */
const describeExit = (exit: PodExit) =>
  exit.status === 'Succeeded'
    ? 'returned'
    : exit.status === 'Stopped' && !exit.reason
      ? 'stopped'
      : `${exit.status === 'Stopped' ? 'stopped' : 'failed'}${exit.reason && exit.reason !== 'Error' ? ` (${exit.reason})` : ''}${exit.message ? `: ${exit.message}` : ''}`

const succeeded = (exit: PodExit) => exit.status === 'Succeeded' || (exit.status === 'Stopped' && !exit.reason)

/** Bundles and runs the pack until it ends or `stop` aborts (then waits out its grace period). */
async function runOnce(o: RunOptions, stop: AbortSignal, incarnation = 0): Promise<PodExit> {
  const { ctx } = o
  const bundle = await bundlePack(o.entry, { cwd: ctx.cwd, runtime: o.spec.runtime })
  for (const w of bundle.warnings) ctx.stderr.write(`warning: ${w}\n`)
  const sink = (stream: 'stdout' | 'stderr', line: string) =>
    (stream === 'stdout' ? ctx.stdout : ctx.stderr).write(`${cleanLogLine(line).line}\n`)
  const run = await startLocalRun({ ...o, code: bundle.code, sink, incarnation, sha256: bundle.sha256 })
  ctx.stderr.write(
    `stark: running ${o.shown} on ${o.runtime === 'node' ? 'Node.js (a pod process)' : 'Chromium (a pack worker)'}; Ctrl-C stops it\n`,
  )
  const onStop = () => {
    ctx.stderr.write(`stark: stopping (the pack has ${o.graceMs / 1000} s to return; Ctrl-C again ends it now)\n`)
    run.stop(o.graceMs)
  }
  if (stop.aborted) onStop()
  else stop.addEventListener('abort', onStop, { once: true })
  try {
    const exit = await run.done
    // A failure is the command's error (exit 1); in --watch mode it is only said.
    if (succeeded(exit) || o.watching) ctx.stderr.write(`stark: ${o.spec.name} ${describeExit(exit)}\n`)
    return exit
  } finally {
    stop.removeEventListener('abort', onStop)
    await run.close()
  }
}

/** Runs, and on every save stops the run (grace period and all), bundles and starts again. */
async function watchLoop(o: RunOptions, signal: AbortSignal, dir: string) {
  let changed: () => void = () => {}
  const close = watchSources(dir, (file) => {
    o.ctx.stderr.write(`stark: ${file || 'a file'} changed; restarting\n`)
    changed()
  })
  try {
    for (let incarnation = 0; !signal.aborted; incarnation++) {
      const restart = new AbortController()
      const next = new Promise<void>((resolve) => (changed = () => (restart.abort(), resolve())))
      const stop = AbortSignal.any([signal, restart.signal])
      try {
        await runOnce(o, stop, incarnation)
      } catch (error) {
        if (!(error instanceof CLIError)) throw error
        o.ctx.stderr.write(`error: ${error.message}\n`)
      }
      if (signal.aborted) break
      if (!restart.signal.aborted) o.ctx.stderr.write('stark: waiting for a change (Ctrl-C to quit)\n')
      await Promise.race([next, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))])
    }
  } finally {
    close()
  }
}
