/**
 * The secrets' examples of the OpenAPI document (see openapi-examples.ts), in replay order: create,
 * list, read, replace, a namespace that still holds the secret refusing deletion, delete.
 */
import type { ApiExample } from './api-example'

export const SECRET_EXAMPLES: ApiExample[] = [
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
    op: 'put /api/secrets/{name}',
    name: 'replace',
    summary: 'New values for the secret (the same values again answer changed: false)',
    params: { name: 'db' },
    query: { namespace: 'team-a' },
    body: { data: { DB_PASSWORD: 'n3w-s3cret' } },
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
]
