/**
 * Does one user's pack uploads slow another user's writes? User B creates pods one after another,
 * first on a quiet server, then while user A uploads several ~9 MB bundles at once (the built
 * `stark` binary's server, embedded store). Reports B's pod-create latency in both cases.
 * Run: npm run bench:uploads   (UPLOADS=3, CREATES=10; BENCH_POSTGRES=1 for PostgreSQL at BENCH_DATABASE_URL)
 */
import { startServer, tempHome } from '../e2e/harness/stark'
import { freshPostgresDatabase, percentile, report, round, setupAdmin } from './lib'

const uploads = Number(process.env.UPLOADS ?? 3)
const creates = Number(process.env.CREATES ?? 10)

const home = tempHome('stark-bench-')
const pg = process.env.BENCH_POSTGRES ? await freshPostgresDatabase() : undefined
const store = pg ? 'postgres' : 'pglite'
const server = await startServer({ home: home.path, ...(pg ? { databaseUrl: pg.url } : {}) })
try {
  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json() as Promise<any>
  }
  const admin = (await setupAdmin(server.url)).accessToken
  const token: Record<string, string> = {}
  for (const name of ['a', 'b']) {
    const password = `user-${name}-long-password-1`
    await call('POST', '/api/auth/register', { email: `${name}@example.com`, password, role: 'user' }, admin)
    token[name] = (await call('POST', '/api/auth/login', { email: `${name}@example.com`, password })).accessToken
  }
  await call('POST', '/api/packs', { name: 'b-app', version: '1.0.0', bundle: 'export default async () => {}' }, token.b)

  const createPods = async () => {
    const ms: number[] = []
    for (let i = 0; i < creates; i++) {
      const t0 = performance.now()
      await call('POST', '/api/pods', { pack: 'b-app' }, token.b)
      ms.push(performance.now() - t0)
    }
    return ms
  }
  const quiet = await createPods()
  const big = (i: number) => `export default async () => {}\n// ${String(i).repeat(9 * 1024 * 1024)}`
  const t0 = performance.now()
  const inFlight = Array.from({ length: uploads }, (_, i) =>
    call('POST', '/api/packs', { name: `a-big-${i}`, version: '1.0.0', bundle: big(i) }, token.a),
  )
  const busy = await createPods()
  await Promise.all(inFlight)
  const uploadsMs = performance.now() - t0
  for (const [name, values] of [
    ['quiet', quiet],
    ['during-uploads', busy],
  ] as const) {
    report({
      bench: 'pod-create-while-another-user-uploads',
      store,
      case: name,
      uploads: name === 'quiet' ? 0 : uploads,
      creates,
      p50_ms: round(percentile(values, 50)),
      max_ms: round(Math.max(...values)),
    })
  }
  report({
    bench: 'pod-create-while-another-user-uploads',
    store,
    case: 'uploads-total',
    uploads,
    bundle_mb: 9,
    total_ms: round(uploadsMs),
  })
} finally {
  await server.stop()
  await pg?.drop()
  home.remove()
}
