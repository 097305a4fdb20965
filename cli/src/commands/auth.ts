import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'auth', description: 'Log in and out (example: stark auth login --email ada@example.com --password …)' },
  subCommands: {
    setup: () => import('./auth/setup').then((m) => m.default),
    login: () => import('./auth/login').then((m) => m.default),
    logout: () => import('./auth/logout').then((m) => m.default),
    whoami: () => import('./auth/whoami').then((m) => m.default),
  },
})
