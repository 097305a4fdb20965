/**
 * The migration to pack names per namespace, on real PGlite: a database written while names were
 * global (every user pack in `default`, a pod and a service of another namespace running one of
 * them by id) keeps every row; the server started on it still shows and rolls them out, runs the
 * old pack from elsewhere as `default/web@1.0.0`, and lets a tenant register its own `web`.
 */
import { randomBytes } from 'node:crypto'
import { silentLogger } from '@stark/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../auth/passwords'
import { defaultConfig } from '../config'
import { loadMigrations, migrate } from '../db/migrate'
import { openPglite } from '../db/pglite-client'
import type { SqlClient } from '../db/sql'
import { startServer, type RunningServer } from '../server'
import { callApi } from '../testing/api-call'

const MIGRATION = '20261207100000_pack_names_per_namespace.sql'
const PASSWORD = 'legacy-password-1'
let db: SqlClient
let server: RunningServer | undefined
const ids: Record<string, string> = {}

const one = async (sql: string, params: unknown[] = []) => (await db.query<{ id: string }>(sql, params))[0]!.id

beforeAll(async () => {
  db = await openPglite()
  const all = loadMigrations()
  expect(all.map((m) => m.name)).toContain(MIGRATION)
  await migrate(
    db,
    all.filter((m) => m.name < MIGRATION),
  )
  const user = (email: string, role: string) =>
    hashPassword(PASSWORD).then((hash) =>
      one('insert into users (email, password_hash, role) values ($1, $2, $3) returning id', [email, hash, role]),
    )
  ids.admin = await user('admin@example.com', 'admin')
  ids.ada = await user('ada@example.com', 'user')
  await db.query(`insert into namespaces (name, owner_id) values ('team-b', $1)`, [ids.ada])
  await db.query(`insert into bundles (sha256, content, size) values ($1, $2, 2)`, ['a'.repeat(64), new Uint8Array([1, 2])])
  const pack = (name: string, version: string, namespace: string, owner: string) =>
    one(
      `insert into packs (name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size)
       values ($1, $2, $3, $4, 'node', 'public', $5, 2) returning id`,
      [name, version, owner, namespace, 'a'.repeat(64)],
    )
  ids.web1 = await pack('web', '1.0.0', 'default', ids.ada)
  ids.web2 = await pack('web', '2.0.0', 'default', ids.ada)
  ids.tool = await pack('tool', '1.0.0', 'system', ids.admin)
  const spec = { resources: { cpu: 100, memory: 64 }, selector: {}, tolerations: [], env: {}, args: [], restartPolicy: 'Never' }
  ids.pod = await one(
    `insert into pods (name, namespace, owner_id, pack_id, status, spec) values ('legacy-pod', 'team-b', $1, $2, 'Pending', $3::jsonb) returning id`,
    [ids.ada, ids.web1, JSON.stringify(spec)],
  )
  const template = { selector: {}, tolerations: [], resources: { cpu: 100, memory: 64 }, priority: 0, env: {}, args: [] }
  ids.service = await one(
    `insert into services (name, namespace, owner_id, pack_id, mode, replicas, follow_latest, template)
     values ('legacy-svc', 'team-b', $1, $2, 'replicas', 0, false, $3::jsonb) returning id`,
    [ids.ada, ids.web1, JSON.stringify(template)],
  )
  // The rest, as a server opening the database runs them.
  expect(await migrate(db, all)).toContain(MIGRATION)
  server = await startServer({
    config: { ...defaultConfig({}), port: 0, secretKey: randomBytes(32).toString('base64') },
    db,
    log: silentLogger,
  })
}, 120_000)
afterAll(async () => {
  await server?.close()
  await db?.close().catch(() => {})
})

const login = async (email: string) =>
  (await callApi(server!.url, 'POST', '/api/auth/login', { body: { email, password: PASSWORD } })).body.accessToken as string
const api = (method: string, path: string, token: string, body?: unknown) => callApi(server!.url, method, path, { body, token })

describe('the migration to pack names per namespace', () => {
  it('keeps every pack where it was, and what refers to them', async () => {
    const packs = await db.query<{ id: string; namespace: string; name: string; version: string }>(
      'select id, namespace, name, version from packs order by namespace, name, version',
    )
    expect(packs.map((p) => `${p.namespace}/${p.name}@${p.version}`)).toEqual([
      'default/web@1.0.0',
      'default/web@2.0.0',
      'system/tool@1.0.0',
    ])
    expect(packs.map((p) => p.id)).toEqual([ids.web1, ids.web2, ids.tool])
    const [pod] = await db.query<{ pack_id: string }>('select pack_id from pods where id = $1', [ids.pod])
    expect(pod!.pack_id).toBe(ids.web1)
  })

  it('serves the pod and the service of another namespace, and rolls the service within the pack’s namespace', async () => {
    const ada = await login('ada@example.com')
    const pod = await api('GET', '/api/pods/legacy-pod?namespace=team-b', ada)
    expect(pod.body.pack).toMatchObject({ namespace: 'default', name: 'web', version: '1.0.0' })
    // A version alone, or the pack's name alone, is one of the pack the service runs.
    const byVersion = await api('PATCH', '/api/services/legacy-svc?namespace=team-b', ada, { version: '2.0.0' })
    expect(byVersion.status).toBe(200)
    expect(byVersion.body.pack).toMatchObject({ namespace: 'default', name: 'web', version: '2.0.0' })
    const byName = await api('PATCH', '/api/services/legacy-svc?namespace=team-b', ada, { pack: 'web@1.0.0' })
    expect(byName.body.pack).toMatchObject({ namespace: 'default', version: '1.0.0' })
  })

  it('runs the old packs from elsewhere as default/…, and lets each namespace have its own name', async () => {
    const ada = await login('ada@example.com')
    const cross = await api('POST', '/api/pods', ada, { pack: 'default/web@1.0.0', namespace: 'team-b', name: 'new-pod' })
    expect(cross.status).toBe(201)
    expect(cross.body.pack.id).toBe(ids.web1)
    const own = await api('POST', '/api/packs', ada, { name: 'web', version: '1.0.0', namespace: 'team-b', bundle: '// mine' })
    expect(own.status, JSON.stringify(own.body)).toBe(201)
    expect(own.body.id).not.toBe(ids.web1)
    expect((await api('POST', '/api/pods', ada, { pack: 'web', namespace: 'team-b' })).body.pack.id).toBe(own.body.id)
    // Within a namespace a version is still registered once.
    const again = await api('POST', '/api/packs', ada, { name: 'web', version: '1.0.0', bundle: '// again' })
    expect(again.status).toBe(409)
    await expect(
      db.query(
        `insert into packs (name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size)
         values ('web', '2.0.0', $1, 'default', 'node', 'public', $2, 2)`,
        [ids.ada, 'a'.repeat(64)],
      ),
    ).rejects.toThrow(/packs_namespace_name_version_key/)
  })
})
