/** Durations on the command line: `500ms`, `90s`, `10m`, `1h30m`, or a bare number of seconds. */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseDurationFlag(text: string | undefined, flag: string): number | undefined {
  if (text === undefined || text === '') return undefined
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000)
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/gi)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) {
    throw new Error(`--${flag} must be a duration such as 500ms, 90s, 10m or 1h30m (got "${text}")`)
  }
  return Math.round(parts.reduce((total, p) => total + Number(p[1]) * UNITS[p[2]!.toLowerCase()]!, 0))
}
