import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'cluster', description: 'Cluster-wide operations (example: stark cluster resume-evictions)' },
  subCommands: {
    'resume-evictions': () => import('./cluster/resume-evictions').then((m) => m.default),
  },
})
