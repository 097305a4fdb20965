/** `--since`: an ISO 8601 time, or how long ago (`30s`, `10m`, `2h`, `1d`). */
import { usageError } from './errors'

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** The ISO time `--since` means, or undefined when not given; a usage error when it is neither form. */
export function parseSince(value: string | undefined, now: number): string | undefined {
  if (value === undefined || value === '') return undefined
  const relative = /^(\d+)(s|m|h|d)$/.exec(value.trim())
  if (relative) return new Date(now - Number(relative[1]) * UNITS[relative[2]!]!).toISOString()
  if (/^\d{4}-\d\d-\d\dT/.test(value) && Number.isFinite(Date.parse(value))) return new Date(Date.parse(value)).toISOString()
  throw usageError(`--since must be a time such as 2026-11-27T17:00:00Z or a duration such as 10m, 2h or 1d (got "${value}")`)
}
