/**
 * What a pack's package.json says about it (`stark pack init` writes these): its pack name, where it
 * runs, and its version. `pack run` and `pack push` use them as defaults for their flags.
 *
 *   { "name": "hello", "version": "0.1.0", "stark": { "name": "hello", "runtime": "node" } }
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { packRuntimes, type PackRuntime } from '@stark/shared'

export interface PackJson {
  /** The folder holding the package.json (the pack's root). */
  dir: string
  name?: string
  version?: string
  runtime?: PackRuntime
}

/** The nearest package.json at or above `from`, or null; a file that does not parse counts as none. */
export function readPackJson(from: string): PackJson | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      let json: Record<string, unknown>
      try {
        json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
      } catch {
        return null
      }
      const stark = (typeof json.stark === 'object' && json.stark !== null ? json.stark : {}) as Record<string, unknown>
      const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined)
      const runtime = packRuntimes.find((r) => r === stark.runtime)
      const name = str(stark.name) ?? str(json.name)?.replace(/^@[^/]+\//, '')
      const version = str(json.version)
      return { dir, ...(name ? { name } : {}), ...(version ? { version } : {}), ...(runtime ? { runtime } : {}) }
    }
    if (dirname(dir) === dir) return null
  }
}
