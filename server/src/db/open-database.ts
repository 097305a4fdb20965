import { openPglite } from './pglite-client'
import { openPostgres } from './postgres-client'
import { migrate } from './migrate'
import type { SqlClient } from './sql'

export interface DatabaseConfig {
  /** PostgreSQL URL; when absent, the embedded PGlite store in `dataDir`. */
  databaseUrl?: string
  dataDir: string
  /** application_name of the PostgreSQL connections. */
  applicationName?: string
}

/**
 * PGlite keeps creating files (WAL segments, relations) as it runs, with the process's umask: the
 * process that holds an embedded store gives nobody else any rights on what it creates.
 */
function restrictUmask() {
  try {
    process.umask(process.umask() | 0o077)
  } catch {
    /* a worker thread cannot change the umask; the tree is still tightened when opened */
  }
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: DatabaseConfig): Promise<{ db: SqlClient; applied: string[] }> {
  if (!config.databaseUrl) restrictUmask()
  const db = config.databaseUrl
    ? await openPostgres({ url: config.databaseUrl, applicationName: config.applicationName })
    : await openPglite({ dataDir: config.dataDir })
  try {
    const applied = await migrate(db)
    return { db, applied }
  } catch (error) {
    await db.close().catch(() => {})
    throw error
  }
}
