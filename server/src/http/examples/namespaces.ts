/** OpenAPI examples: namespaces with quotas and the secrets in them. */
import type { ApiExample } from '../api-example'

export const namespaceExamples: ApiExample[] = [
  {
    op: 'post /api/namespaces',
    name: 'team',
    summary: 'A namespace with a quota',
    body: { name: 'team-a', quota: { pods: 10, cpu: 2000, memory: 1024 } },
    status: 201,
  },
  { op: 'get /api/namespaces', name: 'list', summary: 'Namespaces, with quota and usage', status: 200 },
  { op: 'get /api/namespaces/{name}', name: 'one', summary: 'One namespace', params: { name: 'team-a' }, status: 200 },
  {
    op: 'patch /api/namespaces/{name}',
    name: 'quota',
    summary: 'Change its quota (admins)',
    params: { name: 'team-a' },
    body: { quota: { pods: 20, memory: 2048 } },
    status: 200,
  },
  {
    op: 'post /api/secrets',
    name: 'db',
    summary: 'A secret in team-a (values are encrypted and never shown again)',
    body: { name: 'db', namespace: 'team-a', data: { DB_PASSWORD: 's3cret' } },
    status: 201,
  },
  {
    op: 'get /api/secrets',
    name: 'in-namespace',
    summary: 'Secrets in team-a: names and keys only',
    query: { namespace: 'team-a' },
    status: 200,
  },
  {
    op: 'get /api/secrets/{name}',
    name: 'one',
    summary: 'One secret’s keys',
    params: { name: 'db' },
    query: { namespace: 'team-a' },
    status: 200,
  },
  {
    op: 'delete /api/namespaces/{name}',
    name: 'not-empty',
    summary: 'A namespace that still holds something is not deleted',
    params: { name: 'team-a' },
    status: 409,
  },
  {
    op: 'delete /api/secrets/{name}',
    name: 'delete',
    summary: 'Delete the secret',
    params: { name: 'db' },
    query: { namespace: 'team-a' },
    status: 200,
  },
  {
    op: 'delete /api/namespaces/{name}',
    name: 'delete',
    summary: 'Delete the empty namespace',
    params: { name: 'team-a' },
    status: 200,
  },
]
