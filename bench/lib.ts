/** Small helpers shared by the benchmarks: percentiles, JSON-line output, fresh PostgreSQL databases. */
import { createPostgresDatabase } from '@stark/server/testing'

/** Where PostgreSQL benchmarks make their databases (BENCH_DATABASE_URL). */
export const benchPostgresUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A new, empty database on `base`'s server: its URL, and `drop()` to remove it. */
export const freshPostgresDatabase = (base = benchPostgresUrl) => createPostgresDatabase(base, 'stark_bench')

/** The benchmarks' first admin. */
export const BENCH_ADMIN = { email: 'bench@example.com', password: 'bench-password' }

/** Creates the first admin on a new server; its access token and user. */
export async function setupAdmin(url: string): Promise<{ accessToken: string; user: { id: string } }> {
  const res = await fetch(`${url}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  })
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as { accessToken: string; user: { id: string } }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[idx]!
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

/** One result per line, machine-readable. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ ...result, at: new Date().toISOString() }) + '\n')
}
