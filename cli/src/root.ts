/** The `stark` command: resource groups, each loaded only when used. */
import { defineCommand } from 'citty'
import { globalArgs } from './lib/args'
import { VERSION } from './lib/version'

export const root = defineCommand({
  meta: {
    name: 'stark',
    version: VERSION,
    description: 'Stark: orchestrate JavaScript workloads on Node.js processes and browser tabs (example: stark pod list)',
  },
  args: globalArgs,
  subCommands: {
    server: () => import('./commands/server').then((m) => m.default),
    auth: () => import('./commands/auth').then((m) => m.default),
    pack: () => import('./commands/pack').then((m) => m.default),
    pod: () => import('./commands/pod').then((m) => m.default),
    service: () => import('./commands/service').then((m) => m.default),
    node: () => import('./commands/node').then((m) => m.default),
    namespace: () => import('./commands/namespace').then((m) => m.default),
    secret: () => import('./commands/secret').then((m) => m.default),
    priorityclass: () => import('./commands/priorityclass').then((m) => m.default),
    scheduler: () => import('./commands/scheduler').then((m) => m.default),
    fleet: () => import('./commands/fleet').then((m) => m.default),
    apply: () => import('./commands/apply').then((m) => m.default),
    diff: () => import('./commands/apply-diff').then((m) => m.default),
    delete: () => import('./commands/apply-delete').then((m) => m.default),
    events: () => import('./commands/events').then((m) => m.default),
    status: () => import('./commands/status').then((m) => m.default),
    cluster: () => import('./commands/cluster').then((m) => m.default),
    config: () => import('./commands/config').then((m) => m.default),
    completion: () => import('./commands/completion').then((m) => m.default),
  },
})
