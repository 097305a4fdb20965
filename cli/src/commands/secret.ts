import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'secret',
    description:
      'Secrets: values encrypted at rest, given to the pods that reference them on their node only (example: stark secret create db -n team-a --from-literal DB_PASSWORD=s3cret)',
  },
  subCommands: {
    create: () => import('./secret/create').then((m) => m.default),
    list: () => import('./secret/list').then((m) => m.default),
    delete: () => import('./secret/delete').then((m) => m.default),
  },
})
