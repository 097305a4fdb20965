import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { applicationName } from './cluster/sessions'
import type { ServerConfig } from './config'
import { openDatabase } from './db/open-database'
import type { SqlClient } from './db/sql'

/** A server's database while it opens: its server id names its connections, so both go together. */
export interface ServerDatabase {
  serverId: string
  opened: Promise<{ db: SqlClient; applied: string[] }>
}

/** The configured server id, or a new one (host name and a random part). */
export const serverIdFor = (config: Pick<ServerConfig, 'serverId'>): string =>
  config.serverId || `${hostname().slice(0, 40)}-${randomUUID().slice(0, 8)}`

/**
 * Starts opening (and migrating) the configured database for a server that `startServer` then
 * runs: the server start command begins it before the rest of the server has loaded, so PGlite
 * reads its files and compiles its WebAssembly meanwhile. A failure surfaces where `opened` is awaited.
 */
export function openServerDatabase(config: Pick<ServerConfig, 'serverId' | 'dataDir' | 'databaseUrl'>): ServerDatabase {
  const serverId = serverIdFor(config)
  const opened = openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    applicationName: applicationName(serverId),
  })
  opened.catch(() => {}) // awaited later; not an unhandled rejection in between
  return { serverId, opened }
}

/** Closes a database whose server never started (its start failed before taking it over). */
export async function abandonServerDatabase(database: ServerDatabase): Promise<void> {
  await database.opened.then(
    ({ db }) => db.close(),
    () => {},
  )
}
