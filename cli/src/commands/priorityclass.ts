import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'priorityclass',
    alias: ['pc', 'priorityclasses'],
    description: 'Named pod priorities for --priority-class (example: stark priorityclass create critical --value 900)',
  },
  subCommands: {
    create: () => import('./priorityclass/create').then((m) => m.default),
    list: () => import('./priorityclass/list').then((m) => m.default),
    delete: () => import('./priorityclass/delete').then((m) => m.default),
  },
})
