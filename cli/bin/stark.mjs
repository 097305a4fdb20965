#!/usr/bin/env node
// The `stark` command: runs the built CLI (cli/dist/main.mjs).
import { existsSync } from 'node:fs'

const main = new URL('../dist/main.mjs', import.meta.url)
if (!existsSync(main)) {
  process.stderr.write('error: the stark CLI is not built: run npm run build (in the repository root)\n')
  process.exit(1)
}
await import(main.href)
