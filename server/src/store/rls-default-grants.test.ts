/**
 * The database's own guard under the privileges a Supabase project grants by default, tried as a
 * signed-in user (`authenticated` with their JWT claims) and as `anon` would: every attack is shown
 * to work on the migrations before 20261206002000_rls_default_grants.sql, and to fail after it.
 * On PostgreSQL 15 (STARK_TEST_DATABASE_URL) and PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { testEngines } from '../testing/databases'
import { type Claims, DENIED, names, type Probe, runAs } from '../testing/rls-probe'
import { type GrantedDatabase, openSupabaseLikeDatabase } from '../testing/supabase-grants'

const FIX = '20261206002000_rls_default_grants.sql'

/** Users, namespaces, a pack, a pod each for alice and bob, their events; returns the ids. */
async function seed(db: SqlClient): Promise<Record<string, string>> {
  const id: Record<string, string> = {}
  const one = async (text: string, params: unknown[]) => (await db.query<{ id: string }>(text, params))[0]!.id
  for (const [name, role, disabled] of [
    ['admin', 'admin', false],
    ['alice', 'user', false],
    ['bob', 'user', false],
    ['dora', 'user', true],
  ] as const) {
    id[name] = await one('insert into users (email, password_hash, role, disabled) values ($1, $2, $3, $4) returning id', [
      `${name}@example.com`,
      'scrypt$x',
      role,
      disabled,
    ])
  }
  await db.query(`insert into bundles (sha256, content, size) values ($1, '\\x01', 1)`, ['a'.repeat(64)])
  for (const owner of ['alice', 'bob', 'dora']) {
    await db.query(`insert into namespaces (name, owner_id) values ($1, $2)`, [`${owner}-ns`, id[owner]])
    id[`${owner}-pack`] = await one(
      `insert into packs (name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size) values ($1, '1', $2, 'default', 'node', 'public', $3, 1) returning id`,
      [`${owner}-pack`, id[owner], 'a'.repeat(64)],
    )
    id[`${owner}-pod`] = await one(
      `insert into pods (name, namespace, owner_id, pack_id, status, spec) values ($1, $2, $3, $4, 'Pending', '{}') returning id`,
      [`${owner}-pod`, `${owner}-ns`, id[owner], id[`${owner}-pack`]],
    )
    await db.query(
      `insert into events (type, category, severity, resource_name, owner_id, actor_id) values ('PodCreated', 'pod', 'info', $1, $2, $2)`,
      [`${owner}-pod`, id[owner]],
    )
  }
  // Alice acted on Bob's pod (say, an admin-approved action), and on nothing owned (she logged in).
  await db.query(
    `insert into events (type, category, severity, resource_name, owner_id, actor_id) values ('PodDeleted', 'pod', 'info', 'bob-pod', $1, $2)`,
    [id.bob, id.alice],
  )
  await db.query(
    `insert into events (type, category, severity, resource_name, owner_id, actor_id) values ('LoggedIn', 'auth', 'info', 'alice-login', null, $1)`,
    [id.alice],
  )
  return id
}

/** The server's own connection writing as usual (what a planted trigger would ride on). */
const serverWrites = (db: SqlClient, id: Record<string, string>) =>
  db.query(`insert into events (type, category, severity, owner_id) values ('PodScheduled', 'pod', 'info', $1)`, [id.bob])

/** Tries to plant a trigger on events whose function (in pg_temp) makes `who` an admin. */
async function plantTrigger(q: Probe, who: string) {
  const fn = await q.attempt(`create function pg_temp.stark_pwn() returns trigger language plpgsql as $f$
    begin update public.users set role = 'admin' where id = '${who}'; return new; end $f$`)
  if (!fn.ok) return fn
  return q.attempt(`create trigger stark_pwn before insert on public.events for each row execute function pg_temp.stark_pwn()`)
}

/** A temporary `users` table naming `who` an admin, then what the policies let them read. */
async function fakeAdmin(q: Probe, who: string) {
  await q.rows(`create temp table users (id uuid, role text, disabled boolean)`)
  await q.rows(`insert into pg_temp.users values ($1, 'admin', false)`, [who])
  return { admin: (await q.rows<{ a: boolean }>('select public.stark_is_admin() as a'))[0]!.a, pods: await names(q, 'pods') }
}

describe.each(testEngines())('row-level security under Supabase default grants on %s', (engine) => {
  let before: GrantedDatabase
  let after: GrantedDatabase
  const ids: Record<'before' | 'after', Record<string, string>> = { before: {}, after: {} }
  const user = (which: 'before' | 'after', name: string): Claims => ({
    sub: ids[which][name],
    role: 'authenticated',
    aud: 'authenticated',
  })

  beforeAll(async () => {
    before = (await openSupabaseLikeDatabase(engine, { before: FIX }))!
    after = (await openSupabaseLikeDatabase(engine))!
    ids.before = await seed(before.db)
    ids.after = await seed(after.db)
  })
  afterAll(async () => {
    await before?.close()
    await after?.close()
  })

  it('before the fix: a temporary users table made a user admin, and TRUNCATE, LOCK, setval and anon EXECUTE worked', async () => {
    const faked = await runAs(before.db, user('before', 'alice'), (q) => fakeAdmin(q, ids.before.alice!))
    expect(faked).toEqual({ admin: true, pods: ['alice-pod', 'bob-pod', 'dora-pod'] })
    await runAs(before.db, user('before', 'alice'), async (q) => {
      expect(await q.attempt('truncate events')).toEqual({ ok: true, count: 0 })
      expect(await q.attempt('lock table pods in access exclusive mode')).toEqual({ ok: true, count: 0 })
      expect((await q.attempt(`select setval(pg_get_serial_sequence('events', 'id'), 1)`)).ok).toBe(true)
    })
    // setval outlives the rollback: the server's next event collides with an existing one.
    await expect(serverWrites(before.db, ids.before)).rejects.toMatchObject({ code: '23505' })
    await before.db.query(`select setval(pg_get_serial_sequence('events', 'id'), (select max(id) from events))`)
    await runAs(before.db, null, async (q) => expect((await q.attempt('select public.stark_is_admin()')).ok).toBe(true), {
      role: 'anon',
    })
  })

  it('before the fix: a trigger planted by a user ran as the server and made them admin', async () => {
    const attacker = await before.session()
    try {
      await runAs(
        attacker.db,
        user('before', 'alice'),
        async (q) => expect(await plantTrigger(q, ids.before.alice!)).toEqual({ ok: true, count: 0 }),
        { commit: true },
      )
      await serverWrites(before.db, ids.before)
      expect((await before.db.query(`select role from users where id = $1`, [ids.before.alice]))[0]).toEqual({ role: 'admin' })
    } finally {
      await attacker.db.exec('drop trigger if exists stark_pwn on public.events').catch(() => {})
      await attacker.close()
    }
  })

  it('a temporary users table makes no one an admin: the helpers pin search_path with pg_temp last', async () => {
    const faked = await runAs(after.db, user('after', 'alice'), (q) => fakeAdmin(q, ids.after.alice!))
    expect(faked).toEqual({ admin: false, pods: ['alice-pod'] })
    const settings = await after.db.query<{ name: string; config: string[] | null }>(
      `select p.proname as name, p.proconfig as config from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'auth') and p.proowner = (select oid from pg_roles where rolname = current_user) order by 1`,
    )
    expect(settings.length).toBeGreaterThanOrEqual(3)
    for (const f of settings) expect(f.config, f.name).toContain('search_path=pg_catalog, pg_temp')
  })

  it('a user plants no trigger, truncates, locks and sets sequences nothing', async () => {
    await runAs(after.db, user('after', 'alice'), async (q) => {
      expect(await plantTrigger(q, ids.after.alice!)).toEqual(DENIED)
      for (const table of [
        'events',
        'pods',
        'users',
        'namespaces',
        'packs',
        'bundles',
        'sessions',
        'settings',
        'secrets',
        'stark_migrations',
      ]) {
        expect(await q.attempt(`truncate ${table} cascade`), table).toEqual(DENIED)
        expect(await q.attempt(`lock table ${table} in share row exclusive mode`), table).toEqual(DENIED)
        expect(await q.attempt(`lock table ${table} in row exclusive mode`), table).toEqual(DENIED)
      }
      expect(await q.attempt(`select setval(pg_get_serial_sequence('events', 'id'), 1)`)).toEqual(DENIED)
      expect(await q.attempt(`select nextval(pg_get_serial_sequence('pod_logs', 'id'))`)).toEqual(DENIED)
      expect(await q.attempt(`select id from pods for update`)).toEqual(DENIED)
      expect(await q.attempt(`create table public.pin (pod uuid references public.pods(id))`)).toEqual(DENIED)
    })
    await serverWrites(after.db, ids.after)
    expect((await after.db.query(`select role from users where id = $1`, [ids.after.alice]))[0]).toEqual({ role: 'user' })
    expect(Number((await after.db.query<{ n: string }>('select count(*) as n from events'))[0]!.n)).toBeGreaterThan(0)
  })

  it('no table or sequence in public grants anon anything, or authenticated more than SELECT', async () => {
    const rights = await after.db.query<{ role: string; object: string; priv: string }>(`
      select g.role, c.relname as object, p.priv
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join unnest(array['anon', 'authenticated']) as g(role)
      cross join lateral unnest(case when c.relkind = 'S' then array['USAGE', 'SELECT', 'UPDATE']
        else array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
          || case when current_setting('server_version_num')::int >= 170000 then array['MAINTAIN'] else array[]::text[] end end) as p(priv)
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'S')
        and not (g.role = 'authenticated' and c.relkind <> 'S' and p.priv = 'SELECT')
        and case when c.relkind = 'S' then has_sequence_privilege(g.role, c.oid, p.priv) else has_table_privilege(g.role, c.oid, p.priv) end
      order by 1, 2, 3`)
    expect(rights).toEqual([])
    const unguarded = await after.db.query(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity`,
    )
    expect(unguarded).toEqual([])
  })

  it('tables, sequences and functions the server creates later get none of those rights either', async () => {
    await after.db.exec(`create table later_things (id bigint generated always as identity primary key, v text);
      create function later_fn() returns int language sql as 'select 1';`)
    const [r] = await after.db.query<Record<string, boolean>>(`select
      has_table_privilege('authenticated', 'later_things', 'TRUNCATE') as truncate,
      has_table_privilege('authenticated', 'later_things', 'TRIGGER') as trigger,
      has_table_privilege('authenticated', 'later_things', 'INSERT') as insert,
      has_table_privilege('authenticated', 'later_things', 'UPDATE') as update,
      has_table_privilege('anon', 'later_things', 'SELECT') as anon_select,
      has_sequence_privilege('authenticated', pg_get_serial_sequence('later_things', 'id'), 'UPDATE') as setval,
      has_function_privilege('anon', 'later_fn()', 'EXECUTE') as anon_execute,
      has_function_privilege('authenticated', 'later_fn()', 'EXECUTE') as user_execute`)
    expect(r).toEqual({
      truncate: false,
      trigger: false,
      insert: false,
      update: false,
      anon_select: false,
      setval: false,
      anon_execute: false,
      user_execute: true,
    })
    await after.db.exec('drop table later_things; drop function later_fn()')
  })

  it('anon executes nothing of ours and reads nothing', async () => {
    const callable =
      await after.db.query(`select p.oid::regprocedure::text as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('public', 'auth') and p.proowner = (select oid from pg_roles where rolname = current_user)
        and (has_function_privilege('anon', p.oid, 'EXECUTE') or has_function_privilege('public', p.oid, 'EXECUTE'))`)
    expect(callable).toEqual([])
    await runAs(
      after.db,
      null,
      async (q) => {
        expect(await q.attempt('select public.stark_is_admin()')).toEqual(DENIED)
        expect(await q.attempt('select public.stark_uid()')).toEqual(DENIED)
        for (const table of ['users', 'pods', 'packs', 'events', 'namespaces', 'priority_classes'])
          expect(await q.attempt(`select 1 from ${table}`), table).toEqual(DENIED)
      },
      { role: 'anon' },
    )
  })

  it('a disabled user reads nothing, public packs and shared namespaces included', async () => {
    await runAs(after.db, user('after', 'dora'), async (q) => {
      for (const table of [
        'pods',
        'packs',
        'bundles',
        'namespaces',
        'events',
        'nodes',
        'services',
        'priority_classes',
        'pod_history',
        'pod_logs',
      ]) {
        expect(await names(q, table, '1'), table).toEqual([])
      }
      expect(await names(q, 'users', 'email')).toEqual([])
    })
    // Enabled again, she reads her own rows again: the rule follows users.disabled, not the token.
    await after.db.query('update users set disabled = false where id = $1', [ids.after.dora])
    await runAs(after.db, user('after', 'dora'), async (q) => expect(await names(q, 'pods')).toEqual(['dora-pod']))
    await after.db.query('update users set disabled = true where id = $1', [ids.after.dora])
  })

  it('a deleted user’s empty namespace goes with them instead of becoming shared; a full one blocks the deletion', async () => {
    const carol = (
      await after.db.query<{ id: string }>(
        `insert into users (email, password_hash, role) values ('carol@example.com', 'x', 'user') returning id`,
      )
    )[0]!.id
    await after.db.query(`insert into namespaces (name, owner_id, quota) values ('carol-ns', $1, '{"pods": 1}')`, [carol])
    await after.db.query('delete from users where id = $1', [carol])
    expect(await after.db.query(`select owner_id from namespaces where name = 'carol-ns'`)).toEqual([])
    await runAs(after.db, user('after', 'bob'), async (q) =>
      expect(await names(q, 'namespaces')).toEqual(['bob-ns', 'default', 'system']),
    )
    // Alice's namespace holds her pod: deleting her is refused, and the namespace stays hers.
    await expect(after.db.query('delete from users where id = $1', [ids.after.alice])).rejects.toMatchObject({ code: '23503' })
    expect(await after.db.query(`select owner_id from namespaces where name = 'alice-ns'`)).toEqual([
      { owner_id: ids.after.alice },
    ])
  })

  it('events follow their users: a user reads events about what they own, never about another’s resource', async () => {
    await runAs(after.db, user('after', 'alice'), async (q) => {
      expect(await names(q, 'events', 'resource_name')).toEqual(['alice-login', 'alice-pod'])
    })
    await runAs(after.db, user('after', 'bob'), async (q) => {
      // His pod's events, whoever acted; not Alice's login, not Dora's pod.
      expect(await names(q, 'events where resource_name is not null', 'resource_name')).toEqual(['bob-pod', 'bob-pod'])
    })
  })
})
