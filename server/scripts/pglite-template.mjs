// Builds dist/pglite-template.tar.gz: an initialised, fully migrated PGlite data directory.
// A server starting on a NEW data directory unpacks it instead of running initdb (seconds
// faster); pending migrations still run at start, so a stale template is only slower, never wrong.
import { writeFileSync } from 'node:fs'
import { openPglite, migrate } from '../dist/index.mjs'

const started = Date.now()
const db = await openPglite()
const applied = await migrate(db)
const dump = await db.db.dumpDataDir('gzip')
await db.close()
writeFileSync(new URL('../dist/pglite-template.tar.gz', import.meta.url), Buffer.from(await dump.arrayBuffer()))
console.log(`pglite template: ${applied.length} migrations, ${(dump.size / 1e6).toFixed(1)} MB, ${Date.now() - started} ms`)
