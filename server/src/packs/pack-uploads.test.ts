/**
 * Pack uploads on a real server (real PGlite, real HTTP): a user's versions are bounded in bytes
 * and count, also under a burst of concurrent uploads, with a 403 naming the limit; admins are
 * not bound; and one user's large uploads never hold another user's writes. For the last, the
 * database is reached through a gate that holds every bundle insert until released: while Alice's
 * uploads are held there, Bob's pod and namespace creates must complete. (When the bundle was
 * written inside the write path, Bob's writes queued behind the held transaction.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sql, SqlClient } from '../db/sql'
import { startTestServer, type TestServer } from '../testing/test-server'

/** Holds statements inserting into `bundles` while armed (on the pool and inside transactions alike). */
function bundleGate() {
  let armed = false
  let open: () => void = () => {}
  let opened = Promise.resolve()
  let held = 0
  const hold = async (text: string) => {
    if (!armed || !/^\s*insert into bundles/i.test(text)) return
    held++
    await opened
  }
  const wrapSql = <T extends Sql>(sql: T): T =>
    new Proxy(sql, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return async (text: string, params?: readonly unknown[]) => (await hold(text), target.query(text, params))
        const v = Reflect.get(target, prop, receiver)
        return typeof v === 'function' ? v.bind(target) : v
      },
    })
  return {
    wrap: (db: SqlClient): SqlClient =>
      new Proxy(wrapSql(db), {
        get(target, prop, receiver) {
          if (prop === 'transaction') return <T>(fn: (tx: Sql) => Promise<T>) => db.transaction((tx) => fn(wrapSql(tx)))
          return Reflect.get(target, prop, receiver)
        },
      }),
    arm() {
      armed = true
      opened = new Promise<void>((r) => (open = r))
    },
    release() {
      armed = false
      open()
    },
    held: () => held,
  }
}

const until = async (fn: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 600; i++) {
    if (await fn()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`timed out: ${what}`)
}

const gate = bundleGate()
let s: TestServer
let admin: string
const token: Record<string, string> = {}
const bundle = (tag: string, bytes = 0) => `export default async () => { /* ${tag} */ }\n// ${'x'.repeat(bytes)}`

beforeAll(async () => {
  s = await startTestServer({ wrapDb: gate.wrap, config: { userLimits: { packVersions: 4, packBytes: 64 * 1024 } } })
  admin = await s.admin()
  for (const name of ['alice', 'bob', 'carol']) {
    const password = `${name}-long-password-1`
    expect(
      (await s.api('POST', '/api/auth/register', { email: `${name}@example.com`, password, role: 'user' }, admin)).status,
    ).toBe(201)
    token[name] = (await s.api('POST', '/api/auth/login', { email: `${name}@example.com`, password })).body.accessToken
  }
})
afterAll(async () => {
  gate.release()
  await s?.close()
})

describe('pack uploads per user', () => {
  it('a burst of uploads stores exactly as many versions as the limit allows, then 403 names it', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        s.api('POST', '/api/packs', { name: 'burst', version: `1.0.${i}`, bundle: bundle(`b${i}`) }, token.alice),
      ),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(4)
    const refused = answers.filter((a) => a.status !== 201)
    for (const r of refused) {
      expect(r.status).toBe(403)
      expect(r.body.error.message).toMatch(/you own 4 pack versions, the most a user may \(STARK_USER_PACK_VERSIONS=4\)/)
    }
    // Refused uploads left no bundle behind.
    const stored = await s.api('GET', '/api/packs', undefined, token.alice)
    expect(stored.body.items.filter((p: { name: string }) => p.name === 'burst')).toHaveLength(4)
  })

  it('bytes are bounded too, and another user is not charged for them', async () => {
    expect(
      (await s.api('POST', '/api/packs', { name: 'big', version: '1.0.0', bundle: bundle('one', 40 * 1024) }, token.bob)).status,
    ).toBe(201)
    const over = await s.api('POST', '/api/packs', { name: 'big', version: '2.0.0', bundle: bundle('two', 40 * 1024) }, token.bob)
    expect(over.status).toBe(403)
    expect(over.body.error.message).toMatch(/would pass the 65536 a user may hold \(STARK_USER_PACK_BYTES\)/)
    expect(
      (await s.api('POST', '/api/packs', { name: 'carols', version: '1.0.0', bundle: bundle('c', 40 * 1024) }, token.carol))
        .status,
    ).toBe(201)
  })

  it('admins are not bound', async () => {
    for (let i = 0; i < 6; i++)
      expect(
        (await s.api('POST', '/api/packs', { name: 'ops', version: `${i}.0.0`, bundle: bundle(`o${i}`, 20 * 1024) }, admin))
          .status,
      ).toBe(201)
  })

  it('one user’s uploads held at the database never hold another user’s writes', async () => {
    gate.arm()
    const uploads = Array.from({ length: 3 }, (_, i) =>
      s.api(
        'POST',
        '/api/packs',
        { name: `held-${i}`, version: '1.0.0', visibility: 'public', bundle: bundle(`h${i}`) },
        token.carol,
      ),
    )
    let uploaded = false
    void Promise.all(uploads).then(() => (uploaded = true))
    await until(() => gate.held() >= 1, 'an upload reached the bundle insert')
    // Bob writes while Carol's uploads sit at the database.
    const ns = await s.api('POST', '/api/namespaces', { name: 'bobs' }, token.bob)
    expect(ns.status).toBe(201)
    const pod = await s.api('POST', '/api/pods', { pack: 'default/big', namespace: 'bobs' }, token.bob)
    expect(pod.status).toBe(201)
    expect(uploaded).toBe(false)
    gate.release()
    const done = await Promise.all(uploads)
    expect(done.map((d) => d.status)).toEqual([201, 201, 201])
  })
})
