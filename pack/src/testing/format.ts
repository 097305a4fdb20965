/** Turns `log(...args)` into text about as console.log does: strings as they are, errors with their stack, values as JSON. */
export function formatLine(args: unknown[]): string {
  return args.map(formatValue).join(' ')
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value)
    } catch {
      return String(value)
    }
  }
  return String(value)
}
