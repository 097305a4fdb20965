/** `--since`: an ISO 8601 time, or how long ago in the one duration grammar (`30s`, `10m`, `1h30m`, `1d`). */
import { readDuration } from '@stark/shared'
import { usageError } from './errors'

/** The ISO time `--since` means, or undefined when not given; a usage error when it is neither form. */
export function parseSince(value: string | undefined, now: number): string | undefined {
  if (value === undefined || value === '') return undefined
  const ago = readDuration(value)
  if (ago !== undefined) return new Date(now - ago).toISOString()
  if (/^\d{4}-\d\d-\d\dT/.test(value) && Number.isFinite(Date.parse(value))) return new Date(Date.parse(value)).toISOString()
  throw usageError(`--since must be a time such as 2026-11-27T17:00:00Z or a duration such as 10m, 1h30m or 1d (got "${value}")`)
}
