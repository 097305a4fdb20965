const DAY = 86_400_000
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY }

/**
 * Durations in configuration: `500ms`, `5s`, `2m`, `1h`, `7d`, `1w`, or a bare number of
 * milliseconds. Undefined when the text is none of those.
 */
export function readDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/i.exec(text)
  if (!m) return undefined
  const value = Number(m[1]) * UNITS[(m[2] ?? 'ms').toLowerCase()]!
  return Number.isFinite(value) ? Math.round(value) : undefined
}

/** Like readDuration, but a wrong value is an error that names the setting. */
export function parseDuration(text: string, what: string): number {
  const ms = readDuration(text)
  if (ms === undefined) throw new Error(`${what} must be a duration such as 500ms, 5s or 2m (got "${text}")`)
  return ms
}

/** Reads an optional duration from the environment. */
export function envDuration(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name]
  return v === undefined || v === '' ? undefined : parseDuration(v, name)
}
