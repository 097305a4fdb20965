/**
 * What the server start command needs before the server itself: the configuration and its
 * parsers, and the database opening, which runs while the rest of the server (`@stark/server`) loads.
 */
export { defaultConfig, defaultHome, type ServerConfig } from './config'
export { DirectoryLockedError } from './db/dir-lock'
export { abandonServerDatabase, openServerDatabase, type ServerDatabase } from './server-database'
export { parseDuration } from './duration'
export { parseTrustedProxies } from './http/middleware/client-address'
export { applyHeapGrowth, parseHeapGrowth } from './heap-growth'
