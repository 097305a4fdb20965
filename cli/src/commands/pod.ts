import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'pod', description: 'Run packs as pods and watch them (example: stark pod create hello@1.0.0)' },
  subCommands: {
    create: () => import('./pod/create').then((m) => m.default),
    list: () => import('./pod/list').then((m) => m.default),
    status: () => import('./pod/status').then((m) => m.default),
    history: () => import('./pod/history').then((m) => m.default),
    logs: () => import('./pod/logs').then((m) => m.default),
    delete: () => import('./pod/delete').then((m) => m.default),
    rollback: () => import('./pod/rollback').then((m) => m.default),
  },
})
