/**
 * The one duration grammar of Stark, for every flag, query and setting: a number with a unit, or
 * several in a row from the largest unit down — `500ms`, `90s`, `10m`, `1h30m`, `7d`, `2w`.
 * A bare number is seconds (`--timeout 30`). Fractions are allowed (`1.5h`).
 */
const UNITS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const
type Unit = keyof typeof UNITS
const ORDER: readonly Unit[] = ['w', 'd', 'h', 'm', 's', 'ms']
const PART = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/gy

export const DURATION_EXAMPLES = '500ms, 90s, 10m or 1h30m'

/** Milliseconds, or undefined when the text is not a duration. */
export function readDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase()
  if (t === '') return undefined
  if (/^\d+(\.\d+)?$/.test(t)) return finite(Number(t) * 1000)
  PART.lastIndex = 0
  let total = 0
  let last = -1
  let end = 0
  for (let m = PART.exec(t); m !== null; m = PART.exec(t)) {
    const rank = ORDER.indexOf(m[2] as Unit)
    if (rank <= last) return undefined
    last = rank
    total += Number(m[1]) * UNITS[m[2] as Unit]
    end = PART.lastIndex
  }
  return end === t.length && last >= 0 ? finite(total) : undefined
}

/** Like readDuration, but a wrong value is an Error that names what was being read. */
export function parseDuration(text: string, what: string): number {
  const ms = readDuration(text)
  if (ms === undefined) throw new Error(`${what} must be a duration such as ${DURATION_EXAMPLES} (got "${text}")`)
  return ms
}

/** The shortest exact text for a number of milliseconds: 5400000 → `1h30m`, 1500 → `1s500ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`not a duration: ${ms}`)
  if (ms === 0) return '0s'
  let rest = Math.round(ms)
  let out = ''
  for (const unit of ORDER) {
    const n = Math.floor(rest / UNITS[unit])
    if (n > 0) {
      out += `${n}${unit}`
      rest -= n * UNITS[unit]
    }
  }
  return out
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER ? Math.round(value) : undefined
}
