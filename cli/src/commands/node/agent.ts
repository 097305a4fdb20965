import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'agent', description: 'Run the Node.js agent on this machine (example: stark node agent start --name laptop)' },
  subCommands: {
    start: () => import('./agent/start').then((m) => m.default),
  },
})
