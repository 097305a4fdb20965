import { defineCommand } from 'citty'

export default defineCommand({
  meta: {
    name: 'auth',
    description:
      'Log in and out, create and manage users (example: stark auth login --email ada@example.com (the password is asked; or --password-stdin))',
  },
  subCommands: {
    setup: () => import('./auth/setup').then((m) => m.default),
    login: () => import('./auth/login').then((m) => m.default),
    logout: () => import('./auth/logout').then((m) => m.default),
    whoami: () => import('./auth/whoami').then((m) => m.default),
    register: () => import('./auth/register').then((m) => m.default),
    users: () => import('./auth/users').then((m) => m.default),
  },
})
