import { defineCommand } from 'citty'
import { labelsFlag } from '../../lib/args'
import { call, connect, listAll } from '../../lib/client'
import { CLIError, usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { fleetChromium, launchFleet } from './launch'
import { fleetArgs, openFleet } from './opening'
import { alive, fleetLog, readFleet, removeFleet, writeFleet, type FleetState } from './state'

export default defineCommand({
  meta: {
    name: 'run',
    description:
      'Run a fleet of headless Chromium pages as browser nodes in the foreground until Ctrl-C (stark fleet start runs this in the background) (example: stark fleet run --count 5 --label kind=fleet)',
  },
  args: fleetArgs,
  async run({ args, rawArgs, data }) {
    const { ctx, settings, home, count, joinDeadline } = openFleet(data, args)
    const labels = labelsFlag(rawArgs, 'label')
    const prefix = args.prefix || `fleet-${Math.random().toString(36).slice(2, 6)}`
    const existing = readFleet(home)
    if (existing && existing.pid !== process.pid && alive(existing.pid)) {
      throw new CLIError(`a fleet is already running (pid ${existing.pid}); stop it first: stark fleet stop`)
    }
    const { client } = connect(ctx, settings)
    // A join token registers a new node only: names of existing nodes cannot be reused.
    const wanted = new Set(Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`))
    const taken = (await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor } })))).filter((n) =>
      wanted.has(n.name),
    )
    if (taken.length)
      throw usageError(
        `node names ${taken
          .map((n) => n.name)
          .slice(0, 3)
          .join(', ')}${taken.length > 3 ? '…' : ''} are taken; pick another --prefix`,
      )
    const state: FleetState = {
      pid: process.pid,
      apiUrl: settings.apiUrl,
      count,
      names: [],
      joined: 0,
      ready: false,
      startedAt: new Date(ctx.now()).toISOString(),
      log: fleetLog(home),
    }
    writeFleet(home, state)
    const stopped = ctx.trapSignals()
    let fleet: Awaited<ReturnType<typeof launchFleet>>
    try {
      fleet = await launchFleet({
        count,
        prefix,
        labels,
        chromiumPath: fleetChromium(ctx.env),
        joinUrl: async () => (await call(client.api.nodes.tokens.$post({ json: {} }))).url,
        async ready(names) {
          for (;;) {
            const nodes = await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor } })))
            const ready = nodes.filter((n) => n.status === 'Ready' && names.includes(n.name)).map((n) => n.name)
            if (ready.length !== state.joined) writeFleet(home, { ...state, joined: ready.length, names: ready })
            state.joined = ready.length
            if (ready.length === names.length) return
            if (ctx.now() > joinDeadline) throw new Error(`only ${ready.length} of ${names.length} pages joined in time`)
            await new Promise((r) => setTimeout(r, 250))
          }
        },
        async gone(names) {
          const left = (n: { status: string; reason?: string | null }) => n.status === 'Offline' && n.reason === 'Left'
          const deadline = ctx.now() + 5000
          let mine: { name: string; status: string; reason?: string | null }[] = []
          while (ctx.now() < deadline) {
            const nodes = await listAll((cursor) => call(client.api.nodes.$get({ query: { limit: 1000, cursor } })))
            mine = nodes.filter((n) => names.includes(n.name))
            if (mine.every(left)) return
            await new Promise((r) => setTimeout(r, 100))
          }
          // A page whose leave never reached the server (its socket was reconnecting as it closed):
          // its node is deleted, so its pods are replaced at once all the same.
          const stranded = mine.filter((n) => !left(n))
          for (const n of stranded)
            await call(client.api.nodes[':ref'].$delete({ param: { ref: n.name }, query: { force: 'true' } })).catch(() => {})
          if (stranded.length)
            ctx.stderr.write(
              `${stranded.length} fleet node(s) did not report leaving and were deleted: ${stranded.map((n) => `${n.name} (${n.status}/${n.reason})`).join(', ')}\n`,
            )
        },
      })
    } catch (error) {
      writeFleet(home, { ...state, error: error instanceof Error ? error.message : String(error) })
      throw new CLIError(`the fleet could not start: ${error instanceof Error ? error.message : String(error)}`)
    }
    writeFleet(home, { ...state, names: fleet.names, ready: true })
    ctx.stderr.write(`fleet of ${count} browser nodes joined ${settings.apiUrl}: ${fleet.names.join(', ')}\n`)
    await new Promise<void>((resolve) =>
      stopped.aborted ? resolve() : stopped.addEventListener('abort', () => resolve(), { once: true }),
    )
    await fleet.close().catch(() => {})
    removeFleet(home)
    return messageOutput(`fleet stopped (${count} browser nodes)`, { stopped: true, count })
  },
})
