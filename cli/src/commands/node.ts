import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'node', description: 'List nodes, or make this machine one (example: stark node agent start --label zone=home)' },
  subCommands: {
    list: () => import('./node/list').then((m) => m.default),
    status: () => import('./node/status').then((m) => m.default),
    agent: () => import('./node/agent').then((m) => m.default),
    token: () => import('./node/token').then((m) => m.default),
  },
})
