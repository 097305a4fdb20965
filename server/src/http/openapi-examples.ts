/**
 * The OpenAPI document's example requests, each with the status it gets. They are written into
 * the document (as named `examples` on parameters and request bodies, plus `x-stark-examples` on
 * each operation: name, expected status, replay order, credentials), and a test replays them, in
 * this order, against a real server holding one connected node called `laptop`: so every example
 * an integrator copies is one the server really accepts (or refuses with the documented status).
 *
 * Add at least one example for every new operation: the replay test lists operations without one.
 */
import { createHash } from 'node:crypto'

export interface ApiExample {
  /** `<method> <OpenAPI path>`, e.g. `get /api/pods/{ref}`. */
  op: string
  name: string
  summary: string
  params?: Record<string, string>
  query?: Record<string, string>
  body?: unknown
  /** The status the server answers with. */
  status: number
  /** Credentials to send: an admin's access token (default), none, or the static metrics token. */
  auth?: 'admin' | 'none'
}

export const EXAMPLE_BUNDLE = 'export default async function main(ctx) { console.log("hi from " + ctx.pod.name) }'
export const EXAMPLE_BUNDLE_SHA256 = createHash('sha256').update(EXAMPLE_BUNDLE).digest('hex')
const credentials = { email: 'ada@example.com', password: 'correct horse battery' }

/** In replay order: setup first, deletes and logout last. */
export const API_EXAMPLES: ApiExample[] = [
  { op: 'get /health', name: 'health', summary: 'Is the server up?', auth: 'none', status: 200 },
  { op: 'post /api/auth/setup', name: 'first-admin', summary: 'Create the first admin', auth: 'none', body: credentials, status: 201 },
  { op: 'post /api/auth/setup', name: 'again', summary: 'A second setup is refused', auth: 'none', body: { email: 'eve@example.com', password: 'another long password' }, status: 409 },
  { op: 'post /api/auth/setup', name: 'short-password', summary: 'Passwords have at least 12 characters and are not common ones', auth: 'none', body: { email: 'bob@example.com', password: 'short' }, status: 400 },
  { op: 'post /api/auth/login', name: 'login', summary: 'Sign in', auth: 'none', body: credentials, status: 200 },
  { op: 'post /api/auth/login', name: 'wrong-password', summary: 'A wrong password', auth: 'none', body: { ...credentials, password: 'not the password' }, status: 401 },
  { op: 'post /api/auth/refresh', name: 'stale-refresh-token', summary: 'A refresh token that is not (or no longer) valid', auth: 'none', body: { refreshToken: 'not-a-refresh-token' }, status: 401 },
  { op: 'get /api/auth/whoami', name: 'whoami', summary: 'Who am I?', status: 200 },
  { op: 'get /api/auth/whoami', name: 'anonymous', summary: 'Without a token', auth: 'none', status: 401 },

  { op: 'post /api/packs', name: 'register', summary: 'Register hello@1.0.0', body: { name: 'hello', version: '1.0.0', runtime: 'universal', visibility: 'private', bundle: EXAMPLE_BUNDLE }, status: 201 },
  { op: 'post /api/packs', name: 'new-version', summary: 'Register hello@1.1.0 (pods and services may roll between versions)', body: { name: 'hello', version: '1.1.0', bundle: `${EXAMPLE_BUNDLE}\n// 1.1.0` }, status: 201 },
  { op: 'post /api/packs', name: 'immutable', summary: 'A version is never replaced', body: { name: 'hello', version: '1.0.0', bundle: 'export default async function main() {}' }, status: 409 },
  { op: 'post /api/packs', name: 'unknown-field', summary: 'Request bodies reject unknown fields', body: { name: 'hello', version: '1.0.1', bundle: EXAMPLE_BUNDLE, colour: 'blue' }, status: 400 },
  { op: 'get /api/packs', name: 'by-name', summary: 'Every version of hello', query: { name: 'hello', limit: '100' }, status: 200 },
  { op: 'get /api/packs/{name}/versions', name: 'versions', summary: 'Versions of hello', params: { name: 'hello' }, status: 200 },
  { op: 'get /api/packs/{name}/versions', name: 'unknown-pack', summary: 'A pack that does not exist', params: { name: 'no-such-pack' }, status: 404 },
  { op: 'get /api/bundles/{sha256}', name: 'bundle', summary: 'Download the bundle by its sha256', params: { sha256: EXAMPLE_BUNDLE_SHA256 }, status: 200 },
  { op: 'get /api/bundles/{sha256}', name: 'unknown-bundle', summary: 'No bundle has this hash', params: { sha256: '0'.repeat(64) }, status: 404 },

  { op: 'post /api/priorityclasses', name: 'critical', summary: 'A priority class', body: { name: 'critical', value: 900, description: 'pages someone' }, status: 201 },
  { op: 'get /api/scheduler', name: 'profile', summary: 'The scoring profile in effect', status: 200 },
  { op: 'put /api/scheduler', name: 'binpack', summary: 'Fill the most allocated node first, with node affinity weighing more', body: { name: 'binpack', weights: { NodeAffinity: 5 } }, status: 200 },
  { op: 'put /api/scheduler', name: 'unknown-plugin', summary: 'A weight for a plugin that does not score', body: { name: 'spread', weights: { NodeReady: 1 } }, status: 400 },
  { op: 'put /api/scheduler', name: 'spread', summary: 'Back to spreading (the default)', body: { name: 'spread' }, status: 200 },
  { op: 'get /api/priorityclasses', name: 'list', summary: 'Every priority class', status: 200 },
  { op: 'get /api/priorityclasses/{name}', name: 'one', summary: 'One priority class', params: { name: 'critical' }, status: 200 },

  { op: 'post /api/pods', name: 'create', summary: 'Run hello@1.1.0 as a pod named hello-x7k2p', body: { pack: 'hello@1.1.0', name: 'hello-x7k2p', env: { GREETING: 'hi' }, resources: { cpu: 100, memory: 64 } }, status: 201 },
  { op: 'post /api/pods', name: 'with-priority-class', summary: 'A pod with a priority class, on nodes labelled zone=a or b', body: { pack: 'hello', name: 'urgent', priorityClass: 'critical', affinity: { required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] } }, status: 201 },
  { op: 'post /api/pods', name: 'unknown-pack', summary: 'A pack that does not exist', body: { pack: 'no-such-pack' }, status: 404 },
  { op: 'post /api/pods', name: 'bad-restart-policy', summary: 'An invalid field', body: { pack: 'hello', restartPolicy: 'Sometimes' }, status: 400 },
  { op: 'get /api/pods', name: 'in-namespace', summary: 'Pods in the default namespace', query: { namespace: 'default', limit: '100' }, status: 200 },
  { op: 'get /api/pods', name: 'running-on-laptop', summary: 'Running pods on node laptop', query: { status: 'Running', node: 'laptop' }, status: 200 },
  { op: 'get /api/pods/{ref}', name: 'by-name', summary: 'One pod', params: { ref: 'hello-x7k2p' }, query: { namespace: 'default' }, status: 200 },
  { op: 'get /api/pods/{ref}', name: 'missing', summary: 'A pod that does not exist', params: { ref: 'no-such-pod' }, status: 404 },
  { op: 'get /api/pods/{ref}/history', name: 'history', summary: 'Every transition of the pod', params: { ref: 'hello-x7k2p' }, status: 200 },
  { op: 'get /api/pods/{ref}/logs', name: 'tail', summary: 'The last 20 lines', params: { ref: 'hello-x7k2p' }, query: { tail: '20' }, status: 200 },
  { op: 'get /api/pods/{ref}/logs', name: 'since', summary: 'Lines since a time, of run 1', params: { ref: 'hello-x7k2p' }, query: { since: '2026-01-01T00:00:00Z', incarnation: '1' }, status: 200 },
  { op: 'get /api/pods/{ref}/logs', name: 'no-previous-run', summary: 'The previous run of a pod that ran once', params: { ref: 'hello-x7k2p' }, query: { previous: 'true' }, status: 404 },

  { op: 'post /api/pods/{ref}/rollback', name: 'previous-version', summary: 'Run pod hello-x7k2p on the version before hello@1.1.0 (a new incarnation)', params: { ref: 'hello-x7k2p' }, status: 200 },
  { op: 'post /api/pods/{ref}/rollback', name: 'same-version', summary: 'The pod already runs that version', params: { ref: 'hello-x7k2p' }, body: { version: '1.0.0' }, status: 409 },
  { op: 'post /api/pods/{ref}/rollback', name: 'unknown-version', summary: 'A version that does not exist', params: { ref: 'hello-x7k2p' }, body: { version: '9.9.9' }, status: 404 },

  { op: 'post /api/services', name: 'replicas', summary: 'Three replicas of hello@1.0.0', body: { name: 'web', pack: 'hello@1.0.0', replicas: 3, resources: { cpu: 50, memory: 32 } }, status: 201 },
  { op: 'post /api/services', name: 'daemonset', summary: 'One pod on every node labelled zone=a', body: { name: 'agent', pack: 'hello', daemonset: true, selector: { zone: 'a' } }, status: 201 },
  { op: 'post /api/services', name: 'taken', summary: 'A service name is used once per namespace', body: { name: 'web', pack: 'hello' }, status: 409 },
  { op: 'get /api/services', name: 'list', summary: 'Services in the default namespace', query: { namespace: 'default' }, status: 200 },
  { op: 'get /api/services/{ref}', name: 'web', summary: 'One service with its pods and recent events', params: { ref: 'web' }, status: 200 },
  { op: 'get /api/services/{ref}', name: 'missing', summary: 'A service that does not exist', params: { ref: 'no-such-service' }, status: 404 },
  { op: 'post /api/services/{ref}/scale', name: 'scale', summary: 'Scale web to 2 replicas', params: { ref: 'web' }, body: { replicas: 2 }, status: 200 },
  { op: 'patch /api/services/{ref}', name: 'rolling-update', summary: 'Roll web to hello@1.1.0', params: { ref: 'web' }, body: { pack: 'hello@1.1.0', maxSurge: 1, maxUnavailable: 0 }, status: 200 },
  { op: 'post /api/services/{ref}/pause', name: 'pause', summary: 'Stop reconciling web (its pods keep running)', params: { ref: 'web' }, status: 200 },
  { op: 'post /api/services/{ref}/resume', name: 'resume', summary: 'Reconcile web again', params: { ref: 'web' }, status: 200 },
  { op: 'get /api/services/{ref}/history', name: 'history', summary: 'The versions web was set to, newest first', params: { ref: 'web' }, status: 200 },
  { op: 'post /api/services/{ref}/rollback', name: 'rollback', summary: 'Roll web back to the version before hello@1.1.0', params: { ref: 'web' }, status: 200 },
  { op: 'post /api/services/{ref}/rollback', name: 'nothing-earlier', summary: 'A service that never ran another version', params: { ref: 'agent' }, status: 409 },

  { op: 'post /api/nodes/tokens', name: 'join-link', summary: 'A join link for a phone, valid 10 minutes', body: { ttlSeconds: 600 }, status: 201 },
  { op: 'get /api/nodes', name: 'ready', summary: 'Ready nodes', query: { status: 'Ready' }, status: 200 },
  { op: 'get /api/nodes/{ref}', name: 'laptop', summary: 'One node', params: { ref: 'laptop' }, status: 200 },
  { op: 'get /api/nodes/{ref}', name: 'missing', summary: 'A node that does not exist', params: { ref: 'no-such-node' }, status: 404 },
  { op: 'patch /api/nodes/{ref}', name: 'label-and-taint', summary: 'Label a node and taint it', params: { ref: 'laptop' }, body: { labels: { zone: 'a' }, taints: [{ key: 'dedicated', value: 'ci', effect: 'PreferNoSchedule' }] }, status: 200 },
  { op: 'post /api/nodes/{ref}/cordon', name: 'cordon', summary: 'Cordon laptop', params: { ref: 'laptop' }, status: 200 },
  { op: 'post /api/nodes/{ref}/uncordon', name: 'uncordon', summary: 'Uncordon laptop', params: { ref: 'laptop' }, status: 200 },

  { op: 'get /api/events', name: 'for-a-pod', summary: 'What happened to pod hello-x7k2p', query: { resource: 'pod/hello-x7k2p', namespace: 'default' }, status: 200 },
  { op: 'get /api/events', name: 'warnings', summary: 'Warnings and errors since a time, paged forward', query: { severity: 'warning,error', since: '2026-01-01T00:00:00Z', limit: '50' }, status: 200 },
  { op: 'get /api/events', name: 'node-events', summary: 'Node events only', query: { category: 'node' }, status: 200 },
  { op: 'get /api/events', name: 'bad-resource', summary: 'A resource is `type` or `type/name`', query: { resource: 'pod/' }, status: 400 },
  { op: 'get /api/status', name: 'status', summary: 'The cluster at a glance', status: 200 },
  { op: 'get /metrics', name: 'scrape', summary: 'Scrape with an admin (or the metrics) token', status: 200 },
  { op: 'get /metrics', name: 'anonymous', summary: 'Without a token', auth: 'none', status: 401 },

  { op: 'get /api/auth/registration', name: 'closed', summary: 'Whether anyone may register (closed unless opened)', auth: 'none', status: 200 },
  { op: 'get /api/auth/providers', name: 'providers', summary: 'Where users sign in (a Supabase project, when configured)', auth: 'none', status: 200 },
  { op: 'post /api/auth/register', name: 'admin-creates-user', summary: 'An admin creates a user', body: { email: 'bob@example.com', password: 'bobs long password', role: 'user' }, status: 201 },
  { op: 'post /api/auth/register', name: 'closed', summary: 'Without an admin while self-registration is closed', auth: 'none', body: { email: 'mallory@example.com', password: 'a long password' }, status: 401 },
  { op: 'put /api/auth/registration', name: 'open', summary: 'Let anyone register themselves (as a user)', body: { open: true }, status: 200 },
  { op: 'put /api/auth/registration', name: 'close', summary: 'Only admins create users again', body: { open: false }, status: 200 },
  { op: 'get /api/users', name: 'list', summary: 'Every user', status: 200 },
  { op: 'get /api/users/{ref}', name: 'by-email', summary: 'One user, by email', params: { ref: 'bob@example.com' }, status: 200 },
  { op: 'patch /api/users/{ref}', name: 'make-viewer', summary: 'Make bob a viewer (read-only)', params: { ref: 'bob@example.com' }, body: { role: 'viewer' }, status: 200 },
  { op: 'patch /api/users/{ref}', name: 'last-admin', summary: 'The last admin stays one', params: { ref: 'ada@example.com' }, body: { role: 'user' }, status: 403 },

  { op: 'post /api/namespaces', name: 'team', summary: 'A namespace with a quota', body: { name: 'team-a', quota: { pods: 10, cpu: 2000, memory: 1024 } }, status: 201 },
  { op: 'get /api/namespaces', name: 'list', summary: 'Namespaces, with quota and usage', status: 200 },
  { op: 'get /api/namespaces/{name}', name: 'one', summary: 'One namespace', params: { name: 'team-a' }, status: 200 },
  { op: 'patch /api/namespaces/{name}', name: 'quota', summary: 'Change its quota (admins)', params: { name: 'team-a' }, body: { quota: { pods: 20, memory: 2048 } }, status: 200 },
  { op: 'post /api/secrets', name: 'db', summary: 'A secret in team-a (values are encrypted and never shown again)', body: { name: 'db', namespace: 'team-a', data: { DB_PASSWORD: 's3cret' } }, status: 201 },
  { op: 'get /api/secrets', name: 'in-namespace', summary: 'Secrets in team-a: names and keys only', query: { namespace: 'team-a' }, status: 200 },
  { op: 'get /api/secrets/{name}', name: 'one', summary: 'One secret’s keys', params: { name: 'db' }, query: { namespace: 'team-a' }, status: 200 },
  { op: 'delete /api/namespaces/{name}', name: 'not-empty', summary: 'A namespace that still holds something is not deleted', params: { name: 'team-a' }, status: 409 },
  { op: 'delete /api/secrets/{name}', name: 'delete', summary: 'Delete the secret', params: { name: 'db' }, query: { namespace: 'team-a' }, status: 200 },
  { op: 'delete /api/namespaces/{name}', name: 'delete', summary: 'Delete the empty namespace', params: { name: 'team-a' }, status: 200 },

  { op: 'delete /api/services/{ref}', name: 'delete', summary: 'Delete web: its pods stop and go', params: { ref: 'web' }, status: 200 },
  { op: 'delete /api/pods/{ref}', name: 'delete', summary: 'Delete the pod (a running pod stops first)', params: { ref: 'hello-x7k2p' }, status: 200 },
  { op: 'post /api/cluster/resume-evictions', name: 'resume', summary: 'End a mass-outage pause of evictions (admins); false when none holds', status: 200 },
  { op: 'delete /api/nodes/{ref}', name: 'ready', summary: 'A Ready node is not deleted without force=true', params: { ref: 'laptop' }, status: 409 },
  { op: 'delete /api/nodes/{ref}', name: 'missing', summary: 'A node that does not exist', params: { ref: 'no-such-node' }, status: 404 },
  { op: 'post /api/nodes/{ref}/drain', name: 'drain', summary: 'Drain laptop: cordon it and stop its pods (DaemonSet pods stay)', params: { ref: 'laptop' }, status: 200 },
  { op: 'get /api/nodes/{ref}/drain', name: 'progress', summary: 'The pods laptop still holds', params: { ref: 'laptop' }, status: 200 },
  { op: 'post /api/nodes/{ref}/uncordon', name: 'after-drain', summary: 'Take new pods again after the drain', params: { ref: 'laptop' }, status: 200 },
  { op: 'delete /api/priorityclasses/{name}', name: 'delete', summary: 'Delete the priority class', params: { name: 'critical' }, status: 200 },
  { op: 'post /api/auth/logout', name: 'logout', summary: 'Revoke this session', status: 204 },
]
