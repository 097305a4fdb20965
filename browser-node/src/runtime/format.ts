/**
 * How console arguments become log text in a browser worker: close to what Node prints (strings
 * as is, objects as compact JSON-like text, errors with their stack), one entry per line.
 */
export function formatValue(value: unknown, seen = new WeakSet<object>()): string {
  if (typeof value === 'string') return value
  if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  if (typeof value === 'symbol' || typeof value === 'function') return String(value)
  if (value === null) return 'null'
  try {
    return inspect(value as object, seen)
  } catch {
    return String(value)
  }
}

function inspect(value: object, seen: WeakSet<object>): string {
  if (seen.has(value)) return '[Circular]'
  seen.add(value)
  const inner = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : formatValue(v, seen))
  if (Array.isArray(value)) return `[ ${value.map(inner).join(', ')} ]`.replace('[  ]', '[]')
  const entries = Object.entries(value)
  if (entries.length === 0) return '{}'
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k))
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${inner(v)}`).join(', ')} }`
}

export const formatArgs = (args: readonly unknown[]): string => args.map((a) => formatValue(a)).join(' ')

/** Splits formatted text into the lines a pod log holds. */
export const logLines = (text: string): string[] => text.split(/\r?\n/)
