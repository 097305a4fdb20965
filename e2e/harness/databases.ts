/** Where e2e servers keep their data: the embedded store in a temp dir, or a fresh PostgreSQL database. */
import { openTestPostgres, postgresTestUrl } from '@stark/server/testing'

export type Store = { engine: 'pglite' } | { engine: 'postgres'; url: string; drop(): Promise<void> }

/** Engines an e2e suite runs on: always the embedded store; PostgreSQL when STARK_TEST_DATABASE_URL is set. */
export function e2eEngines(): ('pglite' | 'postgres')[] {
  if (postgresTestUrl()) return ['pglite', 'postgres']
  console.warn('[stark e2e] STARK_TEST_DATABASE_URL is not set: the PostgreSQL runs are SKIPPED')
  return ['pglite']
}

/** For postgres: a fresh empty database (the server migrates it at start). */
export async function freshStore(engine: 'pglite' | 'postgres'): Promise<Store> {
  if (engine === 'pglite') return { engine }
  const pg = await openTestPostgres()
  if (!pg) throw new Error('STARK_TEST_DATABASE_URL is not set')
  await pg.db.close()
  return { engine, url: pg.url, drop: pg.drop }
}
