/** OpenAPI examples: priority classes and the scheduler's scoring profile. */
import type { ApiExample } from '../api-example'

export const schedulingExamples: ApiExample[] = [
  {
    op: 'post /api/priorityclasses',
    name: 'critical',
    summary: 'A priority class',
    body: { name: 'critical', value: 900, description: 'pages someone' },
    status: 201,
  },
  { op: 'get /api/scheduler', name: 'profile', summary: 'The scoring profile in effect', status: 200 },
  {
    op: 'put /api/scheduler',
    name: 'binpack',
    summary: 'Fill the most allocated node first, with node affinity weighing more',
    body: { name: 'binpack', weights: { NodeAffinity: 5 } },
    status: 200,
  },
  {
    op: 'put /api/scheduler',
    name: 'unknown-plugin',
    summary: 'A weight for a plugin that does not score',
    body: { name: 'spread', weights: { NodeReady: 1 } },
    status: 400,
  },
  { op: 'put /api/scheduler', name: 'spread', summary: 'Back to spreading (the default)', body: { name: 'spread' }, status: 200 },
  { op: 'get /api/priorityclasses', name: 'list', summary: 'Every priority class', status: 200 },
  {
    op: 'get /api/priorityclasses/{name}',
    name: 'one',
    summary: 'One priority class',
    params: { name: 'critical' },
    status: 200,
  },
]
