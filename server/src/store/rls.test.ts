/**
 * Row-level security, as a client holding a user's JWT meets it (testing/rls-probe.ts), on real
 * PostgreSQL and on PGlite, each as plain PostgreSQL has it and with the privileges a Supabase
 * project grants by default (ALL on every table, sequence and function in public). The same rows
 * must come out either way. Rows are seeded as the database owner (the Stark server's connection,
 * which bypasses RLS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { openTestDatabase, testEngines } from '../testing/databases'
import { type Claims, DENIED, type Probe, names, runAs } from '../testing/rls-probe'
import { openSupabaseLikeDatabase } from '../testing/supabase-grants'

const setups = testEngines().flatMap(
  (engine) =>
    [
      [engine, 'plain grants'],
      [engine, 'Supabase default grants'],
    ] as const,
)

describe.each(setups)('row-level security on %s with %s', (engine, grants) => {
  let db: SqlClient
  let close: () => Promise<void>
  const id: Record<string, string> = {}

  /** Runs `fn` as a database role (default `authenticated`) with these JWT claims, then rolls back. */
  const as = <T>(claims: Claims | null, fn: (q: Probe) => Promise<T>, role = 'authenticated'): Promise<T> =>
    runAs(db, claims, fn, { role })
  const user = (name: string, extra: Claims = {}): Claims => ({
    sub: id[name],
    role: 'authenticated',
    aud: 'authenticated',
    ...extra,
  })

  beforeAll(async () => {
    const opened = grants === 'plain grants' ? await openTestDatabase(engine) : await openSupabaseLikeDatabase(engine)
    if (!opened) throw new Error(`no ${engine} database`)
    db = opened.db
    close = opened.close
    const one = async (text: string, params: unknown[]) => (await db.query<{ id: string }>(text, params))[0]!.id
    for (const [name, role, disabled] of [
      ['admin', 'admin', false],
      ['alice', 'user', false],
      ['bob', 'user', false],
      ['val', 'viewer', false],
      ['exadmin', 'admin', true],
    ] as const) {
      id[name] = await one('insert into users (email, password_hash, role, disabled) values ($1, $2, $3, $4) returning id', [
        `${name}@example.com`,
        `scrypt$secret-hash-of-${name}`,
        role,
        disabled,
      ])
    }
    await db.query(`insert into namespaces (name, owner_id) values ('alice-ns', $1), ('bob-ns', $2)`, [id.alice, id.bob])
    for (const [name, owner, visibility, sha] of [
      ['alice-private', 'alice', 'private', 'a'],
      ['alice-public', 'alice', 'public', 'b'],
      ['bob-private', 'bob', 'private', 'c'],
    ] as const) {
      await db.query(`insert into bundles (sha256, content, size) values ($1, $2, 3)`, [
        sha.repeat(64),
        new Uint8Array([1, 2, 3]),
      ])
      id[name] = await one(
        `insert into packs (name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size) values ($1, '1', $2, 'default', 'node', $3, $4, 3) returning id`,
        [name, id[owner], visibility, sha.repeat(64)],
      )
    }
    for (const owner of ['alice', 'bob']) {
      id[`${owner}-node`] = await one(
        `insert into nodes (name, runtime, owner_id, status, allocatable) values ($1, 'node', $2, 'Ready', '{"cpu":1000,"memory":1024,"pods":10}') returning id`,
        [`${owner}-node`, id[owner]],
      )
      id[`${owner}-pod`] = await one(
        `insert into pods (name, namespace, owner_id, pack_id, status, node_id, spec) values ($1, $2, $3, $4, 'Running', $5, '{}') returning id`,
        [`${owner}-pod`, owner === 'alice' ? 'default' : 'bob-ns', id[owner], id[`${owner}-private`], id[`${owner}-node`]],
      )
      await db.query(`insert into pod_history (pod_id, incarnation, status) values ($1, 1, 'Running')`, [id[`${owner}-pod`]])
      await db.query(`insert into pod_logs (pod_id, incarnation, ts, stream, line) values ($1, 1, now(), 'stdout', $2)`, [
        id[`${owner}-pod`],
        `${owner} log line`,
      ])
      await db.query(
        `insert into events (type, category, severity, resource_name, owner_id) values ('PodCreated', 'pod', 'info', $1, $2)`,
        [`${owner}-pod`, id[owner]],
      )
      await db.query(`insert into sessions (user_id, refresh_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [
        id[owner],
        `refresh-hash-of-${owner}`,
      ])
      await db.query(
        `insert into services (name, namespace, owner_id, pack_id, mode, replicas, template) values ($1, 'default', $2, $3, 'replicas', 1, '{}')`,
        [`${owner}-svc`, id[owner], id[`${owner}-private`]],
      )
    }
    await db.query(`insert into settings (key, value) values ('jwt_secret', '"the-signing-secret"')`)
    await db.query(
      `insert into secrets (namespace, name, owner_id, keys, ciphertext, key_id) values ('alice-ns', 'db', $1, '["DB_PASSWORD"]', '\\x01', 'k1')`,
      [id.alice],
    )
  })
  afterAll(() => close?.())

  it('a user reads only their own rows, public packs and the shared namespaces', async () => {
    await as(user('alice'), async (q) => {
      expect(await names(q, 'packs')).toEqual(['alice-private', 'alice-public'])
      expect(await names(q, 'pods')).toEqual(['alice-pod'])
      expect(await names(q, 'nodes')).toEqual(['alice-node'])
      expect(await names(q, 'namespaces')).toEqual(['alice-ns', 'default', 'system'])
      expect(await names(q, 'services')).toEqual(['alice-svc'])
      expect(await names(q, 'pod_logs', 'line')).toEqual(['alice log line'])
      expect(await names(q, 'pod_history', 'pod_id::text')).toEqual([id['alice-pod']])
      expect(await names(q, 'events', 'resource_name')).toEqual(['alice-pod'])
      expect(await names(q, 'bundles', 'sha256')).toEqual(['a'.repeat(64), 'b'.repeat(64)])
      expect(await names(q, 'users', 'email')).toEqual(['alice@example.com'])
    })
    await as(user('bob'), async (q) => {
      // Someone else's public pack is readable (and its bundle); their private one is not.
      expect(await names(q, 'packs')).toEqual(['alice-public', 'bob-private'])
      expect(await names(q, 'bundles', 'sha256')).toEqual(['b'.repeat(64), 'c'.repeat(64)])
      expect(await names(q, 'pods')).toEqual(['bob-pod'])
      expect(await names(q, 'namespaces')).toEqual(['bob-ns', 'default', 'system'])
    })
  })

  it('password hashes, sessions, settings and secrets are unreadable', async () => {
    await as(user('alice'), async (q) => {
      // Not even her own secret: only the server's connection reads that table.
      expect(await q.attempt('select * from secrets')).toEqual(DENIED)
      expect(
        await q.attempt(
          `insert into secrets (namespace, name, owner_id, keys, ciphertext, key_id) values ('alice-ns', 'x', $1, '[]', '\\x01', 'k')`,
          [id.alice],
        ),
      ).toEqual(DENIED)
      expect(await q.attempt('select password_hash from users')).toEqual(DENIED)
      expect(await q.attempt('select * from users')).toEqual(DENIED)
      expect(await q.attempt('select * from sessions')).toEqual(DENIED)
      expect(await q.attempt('select * from settings')).toEqual(DENIED)
    })
    // Not even an admin reads them directly: only the server's own connection does.
    await as(user('admin'), async (q) => {
      expect(await q.attempt('select password_hash from users')).toEqual(DENIED)
      expect(await q.attempt('select refresh_hash from sessions')).toEqual(DENIED)
      expect(await q.attempt(`select value from settings where key = 'jwt_secret'`)).toEqual(DENIED)
      expect(await q.attempt('select ciphertext from secrets')).toEqual(DENIED)
    })
  })

  it('a user cannot write other users’ rows', async () => {
    await as(user('alice'), async (q) => {
      expect(await q.attempt(`update pods set owner_id = $1 where name = 'bob-pod' returning id`, [id.alice])).toEqual(DENIED)
      expect(await q.attempt(`update pods set status = 'Failed' where name = 'bob-pod' returning id`)).toEqual(DENIED)
      expect(await q.attempt(`delete from pods where name = 'bob-pod' returning id`)).toEqual(DENIED)
      expect(await q.attempt(`update packs set visibility = 'public' where name = 'bob-private' returning id`)).toEqual(DENIED)
      expect(await q.attempt(`delete from packs where name = 'bob-private' returning id`)).toEqual(DENIED)
      expect(
        await q.attempt(`update nodes set trusted = true, owner_id = $1 where name = 'bob-node' returning id`, [id.alice]),
      ).toEqual(DENIED)
      expect(await q.attempt(`delete from namespaces where name = 'bob-ns' returning name`)).toEqual(DENIED)
      expect(await q.attempt(`update services set replicas = 0 where name = 'bob-svc' returning id`)).toEqual(DENIED)
      expect(
        await q.attempt(
          `insert into pods (name, namespace, owner_id, pack_id, status, spec) values ('x', 'default', $1, $2, 'Pending', '{}')`,
          [id.bob, id['bob-private']],
        ),
      ).toEqual(DENIED)
      expect(await q.attempt(`update users set role = 'viewer' where id = $1`, [id.bob])).toEqual(DENIED)
      expect(await q.attempt(`update sessions set revoked_at = now() where user_id = $1`, [id.bob])).toEqual(DENIED)
      expect(await q.attempt(`delete from pod_logs where pod_id = $1`, [id['bob-pod']])).toEqual(DENIED)
    })
    const [bobPod] = await db.query<{ owner_id: string; status: string }>(
      `select owner_id, status from pods where name = 'bob-pod'`,
    )
    expect(bobPod).toEqual({ owner_id: id.bob, status: 'Running' })
    expect((await db.query(`select 1 from packs where name = 'bob-private' and visibility = 'private'`)).length).toBe(1)
  })

  it('a user writes nothing directly, not even their own rows: the Stark API is the only way in', async () => {
    await as(user('alice'), async (q) => {
      // Each of these would skip a rule the server enforces: namespace access, quotas, the scheduler, trust, bundle checks.
      expect(
        await q.attempt(
          `insert into pods (name, namespace, owner_id, pack_id, status, node_id, spec) values ('sneaky', 'system', $1, $2, 'Scheduled', $3, '{}')`,
          [id.alice, id['alice-private'], id['bob-node']],
        ),
      ).toEqual(DENIED)
      expect(
        await q.attempt(
          `insert into packs (name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size) values ('steal', '1', $1, 'default', 'node', 'public', $2, 3)`,
          [id.alice, 'c'.repeat(64)],
        ),
      ).toEqual(DENIED)
      expect(
        await q.attempt(`insert into namespaces (name, owner_id, quota) values ('mine', $1, '{"pods": 100000}')`, [id.alice]),
      ).toEqual(DENIED)
      expect(
        await q.attempt(
          `insert into nodes (name, runtime, owner_id, status, allocatable) values ('fake', 'node', $1, 'Ready', '{}')`,
          [id.alice],
        ),
      ).toEqual(DENIED)
      expect(await q.attempt(`update pods set status = 'Succeeded' where name = 'alice-pod' returning id`)).toEqual(DENIED)
      expect(await q.attempt(`update nodes set trusted = true where name = 'alice-node' returning id`)).toEqual(DENIED)
      expect(await q.attempt(`update users set role = 'admin' where id = $1`, [id.alice])).toEqual(DENIED)
      expect(await q.attempt(`insert into users (email, password_hash, role) values ('new@example.com', 'x', 'admin')`)).toEqual(
        DENIED,
      )
      expect(await q.attempt(`insert into bundles (sha256, content, size) values ($1, '\\x00', 1)`, ['d'.repeat(64)])).toEqual(
        DENIED,
      )
      expect(await q.attempt(`insert into events (type, category, severity) values ('Fake', 'system', 'info')`)).toEqual(DENIED)
    })
    expect((await db.query(`select status from pods where name = 'alice-pod'`))[0]).toEqual({ status: 'Running' })
    expect((await db.query(`select role from users where id = $1`, [id.alice]))[0]).toEqual({ role: 'user' })
  })

  it('forged claims grant nothing: a role in user_metadata or app_metadata, a service_role claim', async () => {
    const plain = await as(user('alice'), (q) =>
      Promise.all(['packs', 'pods', 'nodes', 'namespaces', 'services'].map((t) => names(q, t))),
    )
    for (const forged of [
      { user_metadata: { role: 'admin' } },
      { app_metadata: { role: 'admin' } },
      { role: 'service_role' },
      {
        role: 'admin',
        is_admin: true,
        app_metadata: { role: 'admin', provider: 'stark' },
        user_metadata: { role: 'admin', admin: true },
      },
    ]) {
      await as(user('alice', forged), async (q) => {
        expect(await Promise.all(['packs', 'pods', 'nodes', 'namespaces', 'services'].map((t) => names(q, t)))).toEqual(plain)
        expect(await q.attempt(`update pods set status = 'Failed' where name = 'bob-pod' returning id`)).toEqual(DENIED)
        expect(await q.attempt('select refresh_hash from sessions')).toEqual(DENIED)
      })
    }
    // A sub that is no user at all, claiming to be an admin, and no claims at all: nothing, not even public packs.
    for (const claims of [
      {
        sub: '00000000-0000-4000-8000-000000000000',
        role: 'authenticated',
        app_metadata: { role: 'admin' },
        user_metadata: { role: 'admin' },
      },
      null,
    ]) {
      await as(claims, async (q) => {
        for (const table of ['packs', 'bundles', 'pods', 'nodes', 'namespaces', 'services', 'events', 'priority_classes'])
          expect(await names(q, table, '1'), table).toEqual([])
        expect(await names(q, 'users', 'email')).toEqual([])
      })
    }
    // A disabled admin is no admin.
    await as(user('exadmin'), async (q) => {
      expect(await names(q, 'pods')).toEqual([])
      expect(await q.attempt(`update pods set status = 'Failed' where name = 'bob-pod' returning id`)).toEqual(DENIED)
    })
  })

  it('anon reads nothing', async () => {
    await as(
      null,
      async (q) => {
        for (const table of [
          'users',
          'packs',
          'pods',
          'nodes',
          'namespaces',
          'bundles',
          'events',
          'services',
          'settings',
          'sessions',
          'secrets',
        ]) {
          expect(await q.attempt(`select 1 from ${table}`), table).toEqual(DENIED)
        }
      },
      'anon',
    )
  })

  it('an admin (by users.role) reads everything, and writes through the Stark API only', async () => {
    await as(user('admin'), async (q) => {
      expect(await names(q, 'pods')).toEqual(['alice-pod', 'bob-pod'])
      expect(await names(q, 'packs')).toEqual(['alice-private', 'alice-public', 'bob-private'])
      expect((await names(q, 'users', 'email')).length).toBe(5)
      expect(await q.attempt(`update nodes set trusted = true where name = 'bob-node' returning id`)).toEqual(DENIED)
      expect(await q.attempt(`insert into priority_classes (name, value) values ('direct', 1)`)).toEqual(DENIED)
    })
  })

  it('a viewer reads the cluster’s pods, nodes and events, but not private packs, users or anything to write', async () => {
    await as(user('val'), async (q) => {
      expect(await names(q, 'pods')).toEqual(['alice-pod', 'bob-pod'])
      expect(await names(q, 'nodes')).toEqual(['alice-node', 'bob-node'])
      expect(await names(q, 'events', 'resource_name')).toEqual(['alice-pod', 'bob-pod'])
      expect(await names(q, 'pod_logs', 'line')).toEqual(['alice log line', 'bob log line'])
      expect(await names(q, 'packs')).toEqual(['alice-public'])
      expect(await names(q, 'users', 'email')).toEqual(['val@example.com'])
      expect(await q.attempt(`update pods set status = 'Failed' where name = 'bob-pod' returning id`)).toEqual(DENIED)
      expect(await q.attempt(`delete from nodes where name = 'bob-node' returning id`)).toEqual(DENIED)
    })
  })
})
