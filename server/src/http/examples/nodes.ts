/** OpenAPI examples: join links and reading, labelling and cordoning the node `laptop`. */
import type { ApiExample } from '../api-example'

export const nodeExamples: ApiExample[] = [
  {
    op: 'post /api/nodes/tokens',
    name: 'join-link',
    summary: 'A join link for a phone, valid 10 minutes',
    body: { ttlSeconds: 600 },
    status: 201,
  },
  { op: 'get /api/nodes', name: 'ready', summary: 'Ready nodes', query: { status: 'Ready' }, status: 200 },
  { op: 'get /api/nodes/{ref}', name: 'laptop', summary: 'One node', params: { ref: 'laptop' }, status: 200 },
  {
    op: 'get /api/nodes/{ref}',
    name: 'missing',
    summary: 'A node that does not exist',
    params: { ref: 'no-such-node' },
    status: 404,
  },
  {
    op: 'patch /api/nodes/{ref}',
    name: 'label-and-taint',
    summary: 'Label a node and taint it',
    params: { ref: 'laptop' },
    body: { labels: { zone: 'a' }, taints: [{ key: 'dedicated', value: 'ci', effect: 'PreferNoSchedule' }] },
    status: 200,
  },
  { op: 'post /api/nodes/{ref}/cordon', name: 'cordon', summary: 'Cordon laptop', params: { ref: 'laptop' }, status: 200 },
  { op: 'post /api/nodes/{ref}/uncordon', name: 'uncordon', summary: 'Uncordon laptop', params: { ref: 'laptop' }, status: 200 },
]
