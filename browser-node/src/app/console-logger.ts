/** The agent's log in a page: the browser console, with fields. */
import type { Logger } from '@stark/shared'

export function consoleLogger(fields: Record<string, unknown> = {}, level: 'debug' | 'info' | 'warn' = 'info'): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 }
  const at = (l: keyof typeof order) => (msg: string, f?: Record<string, unknown>) => {
    if (order[l] < order[level]) return
    console[l](`[stark] ${msg}`, { ...fields, ...f })
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (f) => consoleLogger({ ...fields, ...f }, level) }
}
