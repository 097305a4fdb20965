/**
 * Parts of a Stark checkout the CLI uses when it runs from one: the built browser node (for
 * `pack run --runtime browser`) and the @stark/pack package (linked by `pack init`).
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The first `<ancestor>/<path>` that exists, walking up from this module; null if none. */
export function findUp(path: string, from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return join(dir, path)
    if (dirname(dir) === dir) return null
  }
}
