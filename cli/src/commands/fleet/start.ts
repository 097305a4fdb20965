import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { defineCommand } from 'citty'
import { connect } from '../../lib/client'
import { CLIError, ExitCode } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { fleetArgs, openFleet } from './opening'
import { alive, fleetLog, readFleet, removeFleet } from './state'

const tail = (path: string) => {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-5).join('\n')
  } catch {
    return ''
  }
}

export default defineCommand({
  meta: {
    name: 'start',
    description:
      'Start N headless Chromium pages that each join as a browser node, in the background until stark fleet stop (example: stark fleet start --count 10 --label pool=web)',
  },
  args: fleetArgs,
  async run({ args, rawArgs, data }) {
    const { ctx, settings, home, count, joinDeadline } = openFleet(data, args)
    if (!connect(ctx, settings).session())
      throw new CLIError(`not logged in to ${settings.apiUrl}: run stark auth login first`, ExitCode.unauthenticated)
    const running = readFleet(home)
    if (running && alive(running.pid))
      throw new CLIError(
        `a fleet is already running (pid ${running.pid}, ${running.count} nodes); stop it first: stark fleet stop`,
      )
    if (running) removeFleet(home)

    // `stark fleet run` with the same arguments, detached, its output in $STARK_HOME/fleet.log.
    const log = fleetLog(home)
    const out = openSync(log, 'w', 0o600)
    const script = process.argv[1]!
    // Everything but the output format and the API URL (passed on resolved) goes to the runner.
    const passOn: string[] = []
    for (let i = 0; i < rawArgs.length; i++) {
      const a = rawArgs[i]!
      if (a === '-o' || a === '--output' || a === '--api-url') i++
      else if (!a.startsWith('--output=') && !a.startsWith('--api-url=')) passOn.push(a)
    }
    const child = spawn(process.execPath, [script, 'fleet', 'run', '--api-url', settings.apiUrl, ...passOn], {
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, ...ctx.env },
    })
    closeSync(out)
    child.unref()
    const pid = child.pid!
    for (;;) {
      const state = readFleet(home)
      if (state?.pid === pid && state.ready) {
        return messageOutput(
          `fleet of ${count} browser nodes running (pid ${pid}): ${state.names.join(', ')}\nstop it with: stark fleet stop`,
          state,
        )
      }
      if (state?.pid === pid && state.error) throw new CLIError(`the fleet could not start: ${state.error}`)
      if (!alive(pid)) throw new CLIError(`the fleet exited while starting:\n${tail(log)}`)
      if (ctx.now() > joinDeadline)
        throw new CLIError(`the fleet did not join in time (${state?.joined ?? 0}/${count}); see ${log}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  },
})
