import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'pack',
    description: 'Bundle and register packs, the code pods run (example: stark pack bundle src/hello.ts -o hello.js)',
  },
  subCommands: {
    bundle: () => import('./pack/bundle').then((m) => m.default),
    register: () => import('./pack/register').then((m) => m.default),
    list: () => import('./pack/list').then((m) => m.default),
    versions: () => import('./pack/versions').then((m) => m.default),
    run: () => import('./pack/run').then((m) => m.default),
  },
})
