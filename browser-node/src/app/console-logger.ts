/** The agent's log in a page: the browser console, with fields. */
import type { Logger } from '@stark/shared'

export type LogHook = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) => void

/** `hook` sees every record (whatever the level), e.g. to show why the server closed the connection. */
export function consoleLogger(
  fields: Record<string, unknown> = {},
  level: 'debug' | 'info' | 'warn' = 'info',
  hook?: LogHook,
): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 }
  const at = (l: keyof typeof order) => (msg: string, f?: Record<string, unknown>) => {
    const all = { ...fields, ...f }
    hook?.(l, msg, all)
    if (order[l] < order[level]) return
    console[l](`[stark] ${msg}`, all)
  }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (f) => consoleLogger({ ...fields, ...f }, level, hook),
  }
}
