/** OpenAPI examples: the probes, the first admin and signing in. */
import type { ApiExample } from '../api-example'

/** The first admin, who signs in for every other example. */
const credentials = { email: 'ada@example.com', password: 'correct horse battery' }

export const sessionExamples: ApiExample[] = [
  { op: 'get /health', name: 'health', summary: 'Is the server up?', auth: 'none', status: 200 },
  { op: 'get /livez', name: 'live', summary: 'Liveness probe', auth: 'none', status: 200 },
  { op: 'get /readyz', name: 'ready', summary: 'Readiness probe', auth: 'none', status: 200 },
  {
    op: 'post /api/auth/setup',
    name: 'first-admin',
    summary: 'Create the first admin',
    auth: 'none',
    body: credentials,
    status: 201,
  },
  {
    op: 'post /api/auth/setup',
    name: 'again',
    summary: 'A second setup is refused',
    auth: 'none',
    body: { email: 'eve@example.com', password: 'another long password' },
    status: 409,
  },
  {
    op: 'post /api/auth/setup',
    name: 'short-password',
    summary: 'Passwords have at least 12 characters and are not common ones',
    auth: 'none',
    body: { email: 'bob@example.com', password: 'short' },
    status: 400,
  },
  { op: 'post /api/auth/login', name: 'login', summary: 'Sign in', auth: 'none', body: credentials, status: 200 },
  {
    op: 'post /api/auth/login',
    name: 'wrong-password',
    summary: 'A wrong password',
    auth: 'none',
    body: { ...credentials, password: 'not the password' },
    status: 401,
  },
  {
    op: 'post /api/auth/refresh',
    name: 'stale-refresh-token',
    summary: 'A refresh token that is not (or no longer) valid',
    auth: 'none',
    body: { refreshToken: 'not-a-refresh-token' },
    status: 401,
  },
  { op: 'get /api/auth/whoami', name: 'whoami', summary: 'Who am I?', status: 200 },
  { op: 'get /api/auth/whoami', name: 'anonymous', summary: 'Without a token', auth: 'none', status: 401 },
]
