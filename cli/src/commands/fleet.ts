import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'fleet',
    description: 'Headless browser fleets: N Chromium pages as browser nodes (example: stark fleet start --count 10)',
  },
  subCommands: {
    start: () => import('./fleet/start').then((m) => m.default),
    stop: () => import('./fleet/stop').then((m) => m.default),
    run: () => import('./fleet/run').then((m) => m.default),
  },
})
