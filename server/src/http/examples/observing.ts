/** OpenAPI examples: events, the status summary and the metrics scrape. */
import type { ApiExample } from '../api-example'

export const observingExamples: ApiExample[] = [
  {
    op: 'get /api/events',
    name: 'for-a-pod',
    summary: 'What happened to pod hello-x7k2p',
    query: { resource: 'pod/hello-x7k2p', namespace: 'default' },
    status: 200,
  },
  {
    op: 'get /api/events',
    name: 'warnings',
    summary: 'Warnings and errors since a time, paged forward',
    query: { severity: 'warning,error', since: '2026-01-01T00:00:00Z', limit: '50' },
    status: 200,
  },
  { op: 'get /api/events', name: 'node-events', summary: 'Node events only', query: { category: 'node' }, status: 200 },
  {
    op: 'get /api/events',
    name: 'bad-resource',
    summary: 'A resource is `type` or `type/name`',
    query: { resource: 'pod/' },
    status: 400,
  },
  { op: 'get /api/status', name: 'status', summary: 'The cluster at a glance', status: 200 },
  { op: 'get /api/usage', name: 'usage', summary: 'Usage of the last 15 minutes', query: { points: '10' }, status: 200 },
  { op: 'get /metrics', name: 'scrape', summary: 'Scrape with an admin (or the metrics) token', status: 200 },
  { op: 'get /metrics', name: 'anonymous', summary: 'Without a token', auth: 'none', status: 401 },
]
