import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'service',
    description:
      'Keep N pods of a pack running, or one on every node; roll out new versions (example: stark service create web --pack web@1.0.0 --replicas 3)',
  },
  subCommands: {
    create: () => import('./service/create').then((m) => m.default),
    list: () => import('./service/list').then((m) => m.default),
    status: () => import('./service/status').then((m) => m.default),
    scale: () => import('./service/scale').then((m) => m.default),
    update: () => import('./service/update').then((m) => m.default),
    rollback: () => import('./service/rollback').then((m) => m.default),
    rollout: () => import('./service/rollout').then((m) => m.default),
    pause: () => import('./service/pause').then((m) => m.default),
    resume: () => import('./service/resume').then((m) => m.default),
    delete: () => import('./service/delete').then((m) => m.default),
  },
})
