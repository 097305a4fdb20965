import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'token', description: 'Join links for browser devices (example: stark node token create)' },
  subCommands: {
    create: () => import('./token-create').then((m) => m.default),
  },
})
