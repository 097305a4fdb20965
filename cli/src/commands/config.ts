import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'config',
    description: 'Defaults in $STARK_HOME/config.json: api-url, output, namespace (example: stark config set namespace team-a)',
  },
  subCommands: {
    get: () => import('./config/get').then((m) => m.default),
    set: () => import('./config/set').then((m) => m.default),
    unset: () => import('./config/unset').then((m) => m.default),
  },
})
