/** OpenAPI examples: registration and users. */
import type { ApiExample } from '../api-example'

export const userExamples: ApiExample[] = [
  {
    op: 'get /api/auth/registration',
    name: 'closed',
    summary: 'Whether anyone may register (closed unless opened)',
    auth: 'none',
    status: 200,
  },
  {
    op: 'get /api/auth/providers',
    name: 'providers',
    summary: 'Where users sign in (a Supabase project, when configured)',
    auth: 'none',
    status: 200,
  },
  {
    op: 'post /api/auth/register',
    name: 'admin-creates-user',
    summary: 'An admin creates a user',
    body: { email: 'bob@example.com', password: 'bobs long password', role: 'user' },
    status: 201,
  },
  {
    op: 'post /api/auth/register',
    name: 'closed',
    summary: 'Without an admin while self-registration is closed',
    auth: 'none',
    body: { email: 'mallory@example.com', password: 'a long password' },
    status: 401,
  },
  {
    op: 'put /api/auth/registration',
    name: 'open',
    summary: 'Let anyone register themselves (as a user)',
    body: { open: true },
    status: 200,
  },
  {
    op: 'put /api/auth/registration',
    name: 'close',
    summary: 'Only admins create users again',
    body: { open: false },
    status: 200,
  },
  { op: 'get /api/users', name: 'list', summary: 'Every user', status: 200 },
  {
    op: 'get /api/users/{ref}',
    name: 'by-email',
    summary: 'One user, by email',
    params: { ref: 'bob@example.com' },
    status: 200,
  },
  {
    op: 'patch /api/users/{ref}',
    name: 'make-viewer',
    summary: 'Make bob a viewer (read-only)',
    params: { ref: 'bob@example.com' },
    body: { role: 'viewer' },
    status: 200,
  },
  {
    op: 'patch /api/users/{ref}',
    name: 'last-admin',
    summary: 'The last admin stays one',
    params: { ref: 'ada@example.com' },
    body: { role: 'user' },
    status: 403,
  },
]
