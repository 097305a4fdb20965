import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'node', description: 'List nodes, or make this machine one (example: stark node agent start --label zone=home)' },
  subCommands: {
    list: () => import('./node/list').then((m) => m.default),
    status: () => import('./node/status').then((m) => m.default),
    update: () => import('./node/update').then((m) => m.default),
    cordon: () => import('./node/cordon').then((m) => m.default),
    uncordon: () => import('./node/uncordon').then((m) => m.default),
    drain: () => import('./node/drain').then((m) => m.default),
    delete: () => import('./node/delete').then((m) => m.default),
    agent: () => import('./node/agent').then((m) => m.default),
    token: () => import('./node/token').then((m) => m.default),
  },
})
