/**
 * Text from tenants (pod output, event messages, error messages, what a node reports, request
 * paths, user agents) printed where a person or a terminal reads it. Nothing in it may steer the
 * terminal (CSI/OSC/DCS sequences, C0/C1 controls, carriage returns), hide or reorder what is shown
 * (bidirectional overrides), or break a store that refuses it (NUL, lone surrogates).
 *
 * `safeText` keeps every character readable and visible:
 *   - C0 controls and DEL become their Unicode control pictures (NUL → ␀, ESC → ␛, CR → ␍);
 *     a tab stays a tab;
 *   - C1 controls, bidirectional controls and line/paragraph separators become `\uXXXX` text;
 *   - a lone surrogate becomes U+FFFD.
 * `cleanLogLine` also drops SGR colour sequences (`ESC[31m`), which carry no content, before that.
 */

/** Every character `safeText` rewrites, and nothing else (built from a string: the ranges are the point). */
const UNSAFE = new RegExp(
  '[\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]' +
    '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  'g',
)
const UNSAFE_TEST = new RegExp(UNSAFE.source)

/** Colour and style sequences (SGR): `ESC [ params m`. */
const SGR = /\u001B\[[0-9;:]*m/g

const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`

function replace(ch: string): string {
  const code = ch.charCodeAt(0)
  if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD'
  if (code < 0x20) return String.fromCharCode(0x2400 + code)
  if (code === 0x7f) return '\u2421'
  return hex(code)
}

/** Whether `text` holds anything `safeText` would rewrite. */
export const isSafeText = (text: string): boolean => !UNSAFE_TEST.test(text)

/** `text` with every control, bidirectional override and lone surrogate made visible (see above). */
export function safeText(text: string): string {
  return isSafeText(text) ? text : text.replace(UNSAFE, replace)
}

/** A pod's log line as it is stored and shown: colours dropped, everything else made visible. */
export function cleanLogLine(line: string): { line: string; changed: boolean } {
  if (isSafeText(line)) return { line, changed: false }
  return { line: safeText(line.replace(SGR, '')), changed: true }
}

/** Every string inside `value` made safe (objects and arrays are copied; depth and size are bounded). */
export function safeValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return safeText(value)
  if (value === null || typeof value !== 'object' || depth > 8) return value
  if (value instanceof Error) return { name: safeText(value.name), message: safeText(value.message) }
  if (Array.isArray(value)) return value.slice(0, 1000).map((v) => safeValue(v, depth + 1))
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[safeText(k)] = safeValue(v, depth + 1)
  return out
}
