import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'server', description: 'Run the Stark control plane (example: stark server start --port 8080)' },
  subCommands: {
    start: () => import('./server/start').then((m) => m.default),
  },
})
