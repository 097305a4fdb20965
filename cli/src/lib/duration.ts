import { formatDuration, readDuration } from '@stark/shared'
import { usageError } from './errors'

/** A duration flag in the one grammar (`500ms`, `90s`, `10m`, `1h30m`; a bare number is seconds). */
export function parseDurationFlag(text: string | undefined, flag: string): number | undefined {
  if (text === undefined || text === '') return undefined
  const ms = readDuration(text)
  if (ms === undefined) throw usageError(`--${flag} must be a duration such as 500ms, 90s, 10m or 1h30m (got "${text}")`)
  return ms
}

/** A duration flag that must lie within bounds (milliseconds); the error says the bounds as durations. */
export function boundedDurationFlag(
  text: string | undefined,
  flag: string,
  bounds: { min: number; max: number },
): number | undefined {
  const ms = parseDurationFlag(text, flag)
  if (ms !== undefined && (ms < bounds.min || ms > bounds.max)) {
    throw usageError(`--${flag} must be between ${formatDuration(bounds.min)} and ${formatDuration(bounds.max)} (got "${text}")`)
  }
  return ms
}
