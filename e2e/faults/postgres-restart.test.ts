/**
 * PostgreSQL restarted under load: while it is down, writes answer 503 with a clear message (no
 * hang, no crash); the server recovers by itself when it returns, and every acknowledged write is
 * there. Runs on a private PostgreSQL cluster so the restart disturbs nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPrivatePostgres, type PrivatePostgres } from '../harness/private-postgres'
import { until } from '../harness/processes'
import { startServer, tempHome, type StarkServer } from '../harness/stark'

const pg = await startPrivatePostgres()
if (!pg) console.warn('[stark e2e] PostgreSQL server binaries not found: the database-restart test is SKIPPED')

describe.skipIf(!pg)('PostgreSQL restarted under load', () => {
  const home = tempHome()
  let db: PrivatePostgres
  let server: StarkServer
  let token: string
  const api = async (method: string, path: string, body?: unknown) => {
    const started = Date.now()
    const res = await fetch(server.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    return { status: res.status, body: (await res.json()) as any, ms: Date.now() - started }
  }

  beforeAll(async () => {
    db = pg!
    server = await startServer({ home: home.path, databaseUrl: db.url })
    token = (await api('POST', '/api/auth/setup', { email: 'db@example.com', password: 'db-restart-pass' })).body.accessToken
    expect(
      (await api('POST', '/api/packs', { name: 'p', version: '1.0.0', bundle: 'export default async () => {}' })).status,
    ).toBe(201)
  })
  afterAll(async () => {
    await server?.stop()
    db?.destroy()
    home.remove()
  })

  it('answers 503 while the database is down and recovers by itself', async () => {
    const acknowledged: string[] = []
    const failures: { status: number; code: string; ms: number }[] = []
    let stop = false
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const r = await api('POST', '/api/pods', { pack: 'p', name: `load-${i}` }).catch(() => ({ status: 0, body: {}, ms: 0 }))
        if (r.status === 201) acknowledged.push(`load-${i}`)
        else failures.push({ status: r.status, code: r.body?.error?.code, ms: r.ms })
        await new Promise((res) => setTimeout(res, 20))
      }
    })()
    await until(() => acknowledged.length >= 10)
    db.stop()
    await until(() => failures.length >= 3, { what: 'writes to fail while the database is down' })
    const health = await api('GET', '/health')
    expect(health.status).toBe(503)
    expect(health.body.database).toBe('unavailable')
    db.start()
    await until(async () => (await api('GET', '/health')).status === 200, { what: 'the server to recover', timeoutMs: 60_000 })
    const afterRecovery = acknowledged.length
    await until(() => acknowledged.length >= afterRecovery + 10, { what: 'writes to succeed again' })
    stop = true
    await load

    expect(failures.length).toBeGreaterThan(0)
    for (const f of failures) {
      expect(f.status).toBe(503)
      expect(f.code).toBe('unavailable')
      expect(f.ms).toBeLessThan(15_000)
    }
    const listed = new Set<string>()
    let cursor: string | null = null
    do {
      const page = await api('GET', `/api/pods?limit=1000${cursor ? `&cursor=${cursor}` : ''}`)
      for (const p of page.body.items) listed.add(p.name)
      cursor = page.body.nextCursor
    } while (cursor)
    expect(acknowledged.filter((n) => !listed.has(n))).toEqual([])
  })
})
