/** Durations in configuration: `500ms`, `5s`, `2m`, `1h`, or a bare number of milliseconds. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim())
  if (!m) throw new Error(`${what} must be a duration such as 500ms, 5s or 2m (got "${text}")`)
  const n = Number(m[1])
  const unit = m[2] ?? 'ms'
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000))
}

/** Reads an optional duration from the environment. */
export function envDuration(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name]
  return v === undefined || v === '' ? undefined : parseDuration(v, name)
}
