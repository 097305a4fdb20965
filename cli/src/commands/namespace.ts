import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'namespace',
    description:
      'Namespaces: create your own (optionally with a quota), list, delete (example: stark namespace create team-a --quota-pods 10)',
  },
  subCommands: {
    create: () => import('./namespace/create').then((m) => m.default),
    list: () => import('./namespace/list').then((m) => m.default),
    delete: () => import('./namespace/delete').then((m) => m.default),
  },
})
