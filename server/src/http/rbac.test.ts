/**
 * The access matrix against a real server: every role (anonymous, viewer, user, node) tries the
 * resources and actions it must not have, through REST and a raw WebSocket client, and is refused:
 * 401 without a valid credential, 403 for what its role may not do at all or may see but not
 * change, 404 for what it may not see (as if it did not exist). Admins are the control group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import { connectRaw, registerPayload, type RawClient } from '../testing/ws-client'

let s: TestServer
const token: Record<string, string> = {}
const ids: Record<string, string> = {}
const sockets: RawClient[] = []
const BUNDLE = (tag: string) =>
  `export default async function main(ctx) { console.log('${tag}'); await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`

async function ok(method: string, path: string, body: unknown, who: string, status = 201) {
  const r = await s.api(method, path, body, token[who])
  if (r.status !== status) throw new Error(`${who} ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** A node agent over the raw protocol: registers with `credential`, answers assignments Running. */
async function node(name: string, credential: string) {
  const c = await connectRaw(s.url, { header: `Bearer ${credential}` })
  sockets.push(c)
  c.ws.on('message', (d) => {
    const m = JSON.parse(d.toString())
    if (m.type === 'pod:assign')
      c.send('pod:status', { podId: m.payload.pod.podId, incarnation: m.payload.pod.incarnation, status: 'Running' })
  })
  c.send('node:register', registerPayload(name), 'r')
  const registered = await c.next('node:registered')
  return { c, nodeId: registered.payload.nodeId as string, nodeToken: registered.payload.nodeToken as string }
}

const until = async (fn: () => Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await fn()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out: ${what}`)
}

beforeAll(async () => {
  s = await startTestServer()
  token.admin = await s.admin()
  for (const [name, role] of [
    ['alice', 'user'],
    ['bob', 'user'],
    ['val', 'viewer'],
  ] as const) {
    ids[name] = (
      await ok('POST', '/api/auth/register', { email: `${name}@example.com`, password: `${name}-password-1`, role }, 'admin')
    ).user.id
    token[name] = (
      await ok('POST', '/api/auth/login', { email: `${name}@example.com`, password: `${name}-password-1` }, 'none', 200)
    ).accessToken
  }
  await ok('POST', '/api/namespaces', { name: 'alice-ns' }, 'alice')
  await ok('POST', '/api/namespaces', { name: 'bob-ns' }, 'bob')
  await ok('POST', '/api/packs', { name: 'alice-pack', version: '1.0.0', bundle: BUNDLE('alice') }, 'alice')
  await ok('POST', '/api/packs', { name: 'alice-pub', version: '1.0.0', visibility: 'public', bundle: BUNDLE('public') }, 'alice')
  ids.bobSha = (await ok('POST', '/api/packs', { name: 'bob-pack', version: '1.0.0', bundle: BUNDLE('bob') }, 'bob')).sha256
  await ok('POST', '/api/secrets', { name: 'bob-secret', namespace: 'bob-ns', data: { TOKEN: 'bobs-value' } }, 'bob')
  await ok('POST', '/api/services', { name: 'bob-svc', pack: 'default/bob-pack', namespace: 'bob-ns', replicas: 0 }, 'bob')
  // Each user's node: their private packs run only there.
  const aliceNode = await node('alice-node', token.alice!)
  const bobNode = await node('bob-node', token.bob!)
  ids.aliceNode = aliceNode.nodeId
  ids.bobNode = bobNode.nodeId
  token.aliceNode = aliceNode.nodeToken
  ids.alicePod = (
    await ok('POST', '/api/pods', { pack: 'default/alice-pack', name: 'alice-pod', namespace: 'alice-ns' }, 'alice')
  ).id
  ids.bobPod = (
    await ok(
      'POST',
      '/api/pods',
      { pack: 'default/bob-pack', name: 'bob-pod', namespace: 'bob-ns', secrets: ['bob-secret'] },
      'bob',
    )
  ).id
  await until(
    async () => (await s.api('GET', '/api/pods/bob-pod?namespace=bob-ns', undefined, token.bob)).body.status === 'Running',
    'bob-pod Running',
  )
  await until(
    async () => (await s.api('GET', '/api/pods/alice-pod?namespace=alice-ns', undefined, token.alice)).body.status === 'Running',
    'alice-pod Running',
  )
})
afterAll(async () => {
  for (const c of sockets) c.ws.close()
  await s?.close()
})

type Row = [method: string, path: string, body?: unknown]

const everything: Row[] = [
  ['GET', '/api/pods'],
  ['POST', '/api/pods', { pack: 'alice-pub' }],
  ['GET', '/api/pods/alice-pod?namespace=alice-ns'],
  ['DELETE', '/api/pods/alice-pod?namespace=alice-ns'],
  ['GET', '/api/pods/alice-pod/logs?namespace=alice-ns'],
  ['POST', '/api/pods/alice-pod/rollback?namespace=alice-ns', {}],
  ['GET', '/api/packs'],
  ['POST', '/api/packs', { name: 'x', version: '1.0.0', bundle: 'export default () => {}' }],
  ['GET', '/api/bundles/' + '0'.repeat(64)],
  ['GET', '/api/services'],
  ['POST', '/api/services', { name: 'x', pack: 'alice-pub' }],
  ['GET', '/api/nodes'],
  ['PATCH', '/api/nodes/alice-node', { labels: { a: 'b' } }],
  ['POST', '/api/nodes/alice-node/cordon'],
  ['POST', '/api/nodes/tokens', {}],
  ['GET', '/api/namespaces'],
  ['POST', '/api/namespaces', { name: 'x' }],
  ['DELETE', '/api/namespaces/alice-ns'],
  ['GET', '/api/secrets'],
  ['POST', '/api/secrets', { name: 'x', data: { A: 'b' } }],
  ['GET', '/api/users'],
  ['PATCH', '/api/users/alice@example.com', { role: 'admin' }],
  ['GET', '/api/priorityclasses'],
  ['POST', '/api/priorityclasses', { name: 'x', value: 1 }],
  ['GET', '/api/events'],
  ['GET', '/api/status'],
  ['PUT', '/api/auth/registration', { open: true }],
  ['GET', '/api/auth/whoami'],
  ['POST', '/api/auth/logout'],
]

describe('access matrix (REST)', () => {
  it.each(everything)('anonymous %s %s → 401', async (method, path, body) => {
    const r = await s.api(method, path, body)
    expect(r.status).toBe(401)
    expect(r.body.error.code).toBe('unauthorized')
  })

  it.each(everything)('a forged token %s %s → 401', async (method, path, body) => {
    const [h, p] = token.alice!.split('.')
    // alice's token with the role claim changed to admin: the signature no longer matches.
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString())
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, app_metadata: { role: 'admin' }, user_metadata: { role: 'admin' } })).toString('base64url')}.${token.alice!.split('.')[2]}`
    expect((await s.api(method, path, body, forged)).status).toBe(401)
  })

  const viewerRefused: [Row, number][] = [
    [['POST', '/api/pods', { pack: 'alice-pub' }], 403],
    [['DELETE', '/api/pods/alice-pod?namespace=alice-ns'], 403],
    [['POST', '/api/pods/alice-pod/rollback?namespace=alice-ns', {}], 403],
    [['POST', '/api/packs', { name: 'viewer-pack', version: '1.0.0', bundle: 'export default () => {}' }], 403],
    [['POST', '/api/services', { name: 'x', pack: 'alice-pub' }], 403],
    [['DELETE', '/api/services/bob-svc?namespace=bob-ns'], 403],
    [['PATCH', '/api/nodes/alice-node', { labels: { a: 'b' } }], 403],
    [['POST', '/api/nodes/alice-node/cordon'], 403],
    [['POST', '/api/nodes/tokens', {}], 403],
    [['POST', '/api/namespaces', { name: 'viewer-ns' }], 403],
    [['DELETE', '/api/namespaces/alice-ns'], 403],
    [['GET', '/api/secrets'], 403],
    [['GET', '/api/secrets/bob-secret?namespace=bob-ns'], 403],
    [['POST', '/api/secrets', { name: 'x', data: { A: 'b' } }], 403],
    [['GET', '/api/users'], 403],
    [['PATCH', '/api/users/val@example.com', { role: 'admin' }], 403],
    [['POST', '/api/priorityclasses', { name: 'x', value: 1 }], 403],
    [['PUT', '/api/auth/registration', { open: true }], 403],
    [['POST', '/api/auth/register', { email: 'v2@example.com', password: 'long enough pw' }], 403],
    // Private packs stay private, viewers included: as if they did not exist.
    [['GET', '/api/packs/bob-pack/versions'], 404],
    [['GET', '/api/bundles/BOBSHA'], 404],
  ]
  it.each(viewerRefused)('viewer %j → %i', async ([method, path, body], status) => {
    const r = await s.api(method, path.replace('BOBSHA', ids.bobSha!), body, token.val)
    expect(r.status).toBe(status)
  })

  it('a viewer reads what the cluster runs, but not private packs', async () => {
    const pods = (await s.api('GET', '/api/pods', undefined, token.val)).body.items.map((p: any) => p.name)
    expect(pods).toEqual(expect.arrayContaining(['alice-pod', 'bob-pod']))
    const packs = (await s.api('GET', '/api/packs', undefined, token.val)).body.items.map((p: any) => p.name)
    expect(packs).toEqual(['alice-pub'])
  })

  const userRefused: [Row, number][] = [
    // Another user's things: not found.
    [['GET', '/api/pods/bob-pod?namespace=bob-ns'], 404],
    [['DELETE', '/api/pods/bob-pod?namespace=bob-ns'], 404],
    [['GET', '/api/pods/bob-pod/logs?namespace=bob-ns'], 404],
    [['GET', '/api/pods/bob-pod/history?namespace=bob-ns'], 404],
    [['POST', '/api/pods/bob-pod/rollback?namespace=bob-ns', {}], 404],
    [['GET', '/api/packs/bob-pack/versions'], 404],
    [['GET', '/api/bundles/BOBSHA'], 404],
    [['POST', '/api/pods', { pack: 'bob-pack' }], 404],
    [['POST', '/api/services', { name: 'steal', pack: 'bob-pack' }], 404],
    [['POST', '/api/pods', { pack: 'default/bob-pack', namespace: 'alice-ns' }], 404],
    [['GET', '/api/packs/bob-pack/versions?namespace=default'], 404],
    // Another user's namespace: nobody registers packs there (nor learns that it exists).
    [['POST', '/api/packs', { name: 'squat', version: '1.0.0', namespace: 'bob-ns', bundle: 'export default () => {}' }], 404],
    [['GET', '/api/services/bob-svc?namespace=bob-ns'], 404],
    [['POST', '/api/services/bob-svc/scale?namespace=bob-ns', { replicas: 5 }], 404],
    [['DELETE', '/api/services/bob-svc?namespace=bob-ns'], 404],
    [['GET', '/api/nodes/bob-node'], 404],
    [['PATCH', '/api/nodes/bob-node', { labels: { mine: 'now' } }], 404],
    [['POST', '/api/nodes/bob-node/cordon'], 404],
    [['GET', '/api/namespaces/bob-ns'], 404],
    [['DELETE', '/api/namespaces/bob-ns'], 404],
    [['POST', '/api/pods', { pack: 'default/alice-pub', namespace: 'bob-ns' }], 404],
    [['POST', '/api/services', { name: 'x', pack: 'default/alice-pub', namespace: 'bob-ns' }], 404],
    [['POST', '/api/secrets', { name: 'x', namespace: 'bob-ns', data: { A: 'b' } }], 404],
    [['GET', '/api/secrets/bob-secret?namespace=bob-ns'], 404],
    [['DELETE', '/api/secrets/bob-secret?namespace=bob-ns'], 404],
    [['POST', '/api/pods', { pack: 'default/alice-pub', namespace: 'alice-ns', secrets: ['bob-secret'] }], 404],
    // What a user may see but not do.
    [['POST', '/api/pods', { pack: 'default/alice-pub', namespace: 'system' }], 403],
    [['POST', '/api/packs', { name: 'sys', version: '1.0.0', namespace: 'system', bundle: 'export default () => {}' }], 403],
    [['POST', '/api/packs', { name: 'bob-pack', version: '9.9.9', bundle: 'export default () => {}' }], 409], // another user's pack name answers as taken, not as theirs
    [['DELETE', '/api/namespaces/default'], 403],
    [['PATCH', '/api/namespaces/alice-ns', { quota: { pods: 1000 } }], 403],
    [['PATCH', '/api/nodes/alice-node', { trusted: true }], 403],
    [['GET', '/api/users'], 403],
    [['GET', '/api/users/bob@example.com'], 403],
    [['PATCH', '/api/users/alice@example.com', { role: 'admin' }], 403],
    [['POST', '/api/auth/register', { email: 'friend@example.com', password: 'long enough pw', role: 'admin' }], 403],
    [['PUT', '/api/auth/registration', { open: true }], 403],
    [['POST', '/api/priorityclasses', { name: 'mine', value: 999 }], 403],
    [['DELETE', '/api/priorityclasses/anything'], 403],
  ]
  it.each(userRefused)('user alice %j → %i', async ([method, path, body], status) => {
    const r = await s.api(method, path.replace('BOBSHA', ids.bobSha!), body, token.alice)
    expect(r.status).toBe(status)
    expect(r.body.error.code).toBe(status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'forbidden')
  })

  it('a user sees only their own pods, namespaces and secrets; others’ events never', async () => {
    expect((await s.api('GET', '/api/pods', undefined, token.alice)).body.items.map((p: any) => p.name)).toEqual(['alice-pod'])
    expect((await s.api('GET', '/api/namespaces', undefined, token.alice)).body.items.map((n: any) => n.name)).toEqual([
      'alice-ns',
      'default',
      'system',
    ])
    expect((await s.api('GET', '/api/secrets', undefined, token.alice)).body.items).toEqual([])
    const events = (await s.api('GET', '/api/events?limit=1000', undefined, token.alice)).body.items
    expect(events.length).toBeGreaterThan(0)
    expect(events.filter((e: any) => /bob/.test(`${e.resourceName} ${e.namespace} ${e.message}`))).toEqual([])
    expect((await s.api('GET', '/api/status', undefined, token.alice)).status).toBe(200)
  })

  const nodeRefused: [Row, number][] = [
    [['GET', '/api/packs'], 403],
    [['POST', '/api/pods', { pack: 'alice-pub' }], 403],
    [['DELETE', '/api/pods/alice-pod?namespace=alice-ns'], 403],
    [['PATCH', '/api/nodes/alice-node', { labels: { a: 'b' } }], 403],
    [['GET', '/api/events'], 403],
    [['GET', '/api/secrets'], 403],
    [['GET', '/api/users'], 403],
    [['GET', '/api/namespaces'], 403],
    [['POST', '/api/nodes/tokens', {}], 403],
    [['GET', '/api/status'], 403],
    [['GET', '/api/services'], 403],
    [['GET', '/api/nodes/bob-node'], 404],
    [['GET', '/api/pods/bob-pod?namespace=bob-ns'], 404],
    [['GET', '/api/pods/bob-pod/logs?namespace=bob-ns'], 404],
    [['GET', '/api/bundles/BOBSHA'], 404],
  ]
  it.each(nodeRefused)('node alice-node %j → %i', async ([method, path, body], status) => {
    const r = await s.api(method, path.replace('BOBSHA', ids.bobSha!), body, token.aliceNode)
    expect(r.status).toBe(status)
  })

  it('a node sees its own record and its own pods only', async () => {
    expect((await s.api('GET', '/api/nodes', undefined, token.aliceNode)).body.items.map((n: any) => n.name)).toEqual([
      'alice-node',
    ])
    expect((await s.api('GET', '/api/pods', undefined, token.aliceNode)).body.items.map((p: any) => p.name)).toEqual([
      'alice-pod',
    ])
  })

  it('secret values never come back: not in the secret, not in the pod, not in events', async () => {
    const all = JSON.stringify([
      (await s.api('GET', '/api/secrets/bob-secret?namespace=bob-ns', undefined, token.bob)).body,
      (await s.api('GET', '/api/secrets', undefined, token.admin)).body,
      (await s.api('GET', '/api/pods/bob-pod?namespace=bob-ns', undefined, token.bob)).body,
      (await s.api('GET', '/api/events?limit=1000', undefined, token.admin)).body,
    ])
    expect(all).toContain('bob-secret')
    expect(all).toContain('TOKEN')
    expect(all).not.toContain('bobs-value')
  })

  it('admins may do what the others may not (the matrix’s control group)', async () => {
    expect((await s.api('GET', '/api/pods/bob-pod?namespace=bob-ns', undefined, token.admin)).status).toBe(200)
    expect((await s.api('GET', '/api/users', undefined, token.admin)).body.items).toHaveLength(4)
    expect((await s.api('PATCH', '/api/nodes/bob-node', { trusted: true }, token.admin)).status).toBe(200)
    expect((await s.api('PATCH', '/api/nodes/bob-node', { trusted: false }, token.admin)).status).toBe(200)
  })
})

describe('access matrix (WebSocket, raw client)', () => {
  it('no or bad credential: closed with 4401', async () => {
    expect((await (await connectRaw(s.url, {})).closed).code).toBe(4401)
    expect((await (await connectRaw(s.url, { header: 'Bearer not-a-token' })).closed).code).toBe(4401)
  })

  it('a viewer may watch but not register a node; a node may not watch', async () => {
    const v = await connectRaw(s.url, { header: `Bearer ${token.val}` })
    v.send('node:register', registerPayload('viewer-node'), 'r')
    expect((await v.next('error')).payload).toMatchObject({ code: 'forbidden' })
    v.send('watch:subscribe', { topics: ['*'] }, 'w')
    expect((await v.next('watch:subscribed')).payload.topics).toEqual(['*'])
    v.ws.close()
    const n = await connectRaw(s.url, { header: `Bearer ${token.aliceNode}` })
    n.send('watch:subscribe', { topics: ['*'] }, 'w')
    expect((await n.next('error')).payload).toMatchObject({ code: 'forbidden' })
    n.ws.close()
  })

  it('reports before registering are refused', async () => {
    const c = await connectRaw(s.url, { header: `Bearer ${token.alice}` })
    c.send('pod:status', { podId: ids.bobPod, incarnation: 1, status: 'Failed' }, 'x')
    expect((await c.next('error')).payload).toMatchObject({ code: 'not-registered' })
    c.ws.close()
  })

  it('a node can neither take over another node nor touch its pods', async () => {
    // alice-node's own credential, claiming to be bob-node.
    const impostor = await connectRaw(s.url, { header: `Bearer ${token.aliceNode}` })
    impostor.send('node:register', registerPayload('bob-node', { nodeId: ids.bobNode }), 'r')
    expect((await impostor.next('error')).payload).toMatchObject({ code: 'forbidden' })
    expect((await impostor.closed).code).toBe(4403)
    // alice (a user) registering under bob's node name.
    const squatter = await connectRaw(s.url, { header: `Bearer ${token.alice}` })
    squatter.send('node:register', registerPayload('bob-node'), 'r')
    expect((await squatter.next('error')).payload.code).toMatch(/conflict|forbidden/)

    // alice-node, connected as itself, reports on bob's pod.
    const mine = await connectRaw(s.url, { header: `Bearer ${token.aliceNode}` })
    mine.send(
      'node:register',
      registerPayload('alice-node', {
        nodeId: ids.aliceNode,
        pods: [{ podId: ids.alicePod, incarnation: 1, status: 'Running' }],
      }),
      'r',
    )
    await mine.next('node:registered')
    mine.send('pod:status', { podId: ids.bobPod, incarnation: 1, status: 'Failed', message: 'forged' })
    mine.send(
      'pod:log',
      { podId: ids.bobPod, incarnation: 1, entries: [{ ts: Date.now(), stream: 'stdout', line: 'forged line' }] },
      'l',
    )
    expect((await mine.next('error')).payload).toMatchObject({ code: 'forbidden' })
    mine.send('node:heartbeat', { pods: [{ podId: ids.bobPod, incarnation: 1, status: 'Succeeded' }] })
    await new Promise((r) => setTimeout(r, 300))
    const bobPod = (await s.api('GET', `/api/pods/${ids.bobPod}`, undefined, token.bob)).body
    expect(bobPod).toMatchObject({ status: 'Running', nodeName: 'bob-node' })
    const logs = (await s.api('GET', `/api/pods/${ids.bobPod}/logs`, undefined, token.bob)).body.items.map((l: any) => l.line)
    expect(logs).not.toContain('forged line')
    mine.ws.close()
  })

  it('only the node running a pod receives its secrets, in its pod:assign', async () => {
    const bobNodeSocket = sockets[1]!
    const assigns = [...bobNodeSocket.messages.filter((m) => m.type === 'pod:assign')]
    // The first socket (alice-node) never saw bob's secret.
    expect(JSON.stringify(sockets[0]!.messages)).not.toContain('bobs-value')
    expect(JSON.stringify(assigns)).toContain('bobs-value')
  })

  it('a watch ends when its user is disabled', async () => {
    const carol = (await ok('POST', '/api/auth/register', { email: 'carol@example.com', password: 'carol-password-1' }, 'admin'))
      .user
    const carolToken = (
      await ok('POST', '/api/auth/login', { email: 'carol@example.com', password: 'carol-password-1' }, 'none', 200)
    ).accessToken
    const w = await connectRaw(s.url, { header: `Bearer ${carolToken}` })
    w.send('watch:subscribe', { topics: ['*'] }, 'w')
    await w.next('watch:subscribed')
    await ok('PATCH', `/api/users/${carol.id}`, { disabled: true }, 'admin', 200)
    await ok('POST', '/api/namespaces', { name: 'after-disable' }, 'admin')
    expect((await w.closed).code).toBe(4401)
    expect((await s.api('GET', '/api/auth/whoami', undefined, carolToken)).status).toBe(401)
  })
})
