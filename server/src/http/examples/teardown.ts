/** OpenAPI examples: deletes, the drain of `laptop` and logout, replayed last. */
import type { ApiExample } from '../api-example'

export const teardownExamples: ApiExample[] = [
  {
    op: 'delete /api/services/{ref}',
    name: 'delete',
    summary: 'Delete web: its pods stop and go',
    params: { ref: 'web' },
    status: 200,
  },
  {
    op: 'delete /api/pods/{ref}',
    name: 'delete',
    summary: 'Delete the pod (a running pod stops first)',
    params: { ref: 'hello-x7k2p' },
    status: 200,
  },
  {
    op: 'post /api/cluster/resume-evictions',
    name: 'resume',
    summary: 'End a mass-outage pause of evictions (admins); false when none holds',
    status: 200,
  },
  {
    op: 'delete /api/nodes/{ref}',
    name: 'ready',
    summary: 'A Ready node is not deleted without force=true',
    params: { ref: 'laptop' },
    status: 409,
  },
  {
    op: 'delete /api/nodes/{ref}',
    name: 'missing',
    summary: 'A node that does not exist',
    params: { ref: 'no-such-node' },
    status: 404,
  },
  {
    op: 'post /api/nodes/{ref}/drain',
    name: 'drain',
    summary: 'Drain laptop: cordon it and stop its pods (DaemonSet pods stay)',
    params: { ref: 'laptop' },
    status: 200,
  },
  {
    op: 'get /api/nodes/{ref}/drain',
    name: 'progress',
    summary: 'The pods laptop still holds',
    params: { ref: 'laptop' },
    status: 200,
  },
  {
    op: 'post /api/nodes/{ref}/uncordon',
    name: 'after-drain',
    summary: 'Take new pods again after the drain',
    params: { ref: 'laptop' },
    status: 200,
  },
  {
    op: 'delete /api/priorityclasses/{name}',
    name: 'delete',
    summary: 'Delete the priority class',
    params: { name: 'critical' },
    status: 200,
  },
  { op: 'post /api/auth/logout', name: 'logout', summary: 'Revoke this session', status: 204 },
]
