import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'pack',
    description:
      'Write, run and ship packs, the code pods run: init, test, run (here, no server), push; bundle and register by hand (example: stark pack init hello && cd hello && npm test)',
  },
  subCommands: {
    init: () => import('./pack/init').then((m) => m.default),
    test: () => import('./pack/test').then((m) => m.default),
    run: () => import('./pack/run').then((m) => m.default),
    push: () => import('./pack/push').then((m) => m.default),
    bundle: () => import('./pack/bundle').then((m) => m.default),
    register: () => import('./pack/register').then((m) => m.default),
    list: () => import('./pack/list').then((m) => m.default),
    versions: () => import('./pack/versions').then((m) => m.default),
  },
})
