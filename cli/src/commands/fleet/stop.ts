import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { starkHome } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { messageOutput } from '../../lib/output'
import { alive, readFleet, removeFleet } from './state'

export default defineCommand({
  meta: {
    name: 'stop',
    description:
      'Stop the fleet that stark fleet start started (its pages close and their nodes leave: Offline, reason Left) (example: stark fleet stop)',
  },
  args: { ...globalArgs },
  async run({ data }) {
    const ctx = contextFrom(data)
    const home = starkHome(ctx.env)
    const state = readFleet(home)
    if (!state || !alive(state.pid)) {
      removeFleet(home)
      return messageOutput('no fleet is running', { stopped: false })
    }
    process.kill(state.pid, 'SIGTERM')
    const deadline = ctx.now() + 15_000
    while (alive(state.pid) && ctx.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    if (alive(state.pid)) process.kill(state.pid, 'SIGKILL')
    removeFleet(home)
    return messageOutput(`fleet stopped (pid ${state.pid}, ${state.count} browser nodes)`, {
      stopped: true,
      pid: state.pid,
      count: state.count,
      names: state.names,
    })
  },
})
