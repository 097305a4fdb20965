import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'scheduler',
    description:
      'The scheduler’s scoring profile for the cluster: spread (default) or binpack (example: stark scheduler set binpack)',
  },
  subCommands: {
    get: () => import('./scheduler/get').then((m) => m.default),
    set: () => import('./scheduler/set').then((m) => m.default),
  },
})
