import { openPglite } from './pglite-client'
import { openPostgres } from './postgres-client'
import { migrate } from './migrate'
import type { SqlClient } from './sql'

export interface DatabaseConfig {
  /** PostgreSQL URL; when absent, the embedded PGlite store in `dataDir`. */
  databaseUrl?: string
  dataDir: string
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig): Promise<{ db: SqlClient; applied: string[] }> {
  const db = config.databaseUrl ? await openPostgres({ url: config.databaseUrl }) : await openPglite({ dataDir: config.dataDir })
  try {
    const applied = await migrate(db)
    return { db, applied }
  } catch (error) {
    await db.close().catch(() => {})
    throw error
  }
}
