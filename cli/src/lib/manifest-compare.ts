/**
 * How a described object is compared with the live one: only the fields the file gives are
 * compared (what it leaves out is left as it is). Maps that are wholly the file's (env, selector,
 * args) must be equal; objects with server defaults (resources, tolerations, affinity) must agree
 * on the fields the file gives.
 */

/** One field that differs: a JSON pointer, the live value and the described one. */
export interface FieldChange {
  path: string
  from: unknown
  to: unknown
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether `live` has every field `want` gives, with the same value (arrays: same length, each element so). */
export function covers(want: unknown, live: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(live) && live.length === want.length && want.every((w, i) => covers(w, live[i]))
  if (isPlain(want)) return isPlain(live) && Object.entries(want).every(([k, v]) => v === undefined || covers(v, live[k]))
  return want === live
}

/** Deep equality of JSON values (key order does not matter). */
export function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]))
  if (isPlain(a)) {
    if (!isPlain(b)) return false
    const ka = Object.keys(a).filter((k) => a[k] !== undefined)
    const kb = Object.keys(b).filter((k) => b[k] !== undefined)
    return ka.length === kb.length && ka.every((k) => same(a[k], b[k]))
  }
  return a === b
}

/** Collects the changes of the given fields: `[path, live, wanted, compare]` (wanted undefined: not described). */
export function changesOf(fields: [path: string, live: unknown, want: unknown, how?: 'equal' | 'covers'][]): FieldChange[] {
  const out: FieldChange[] = []
  for (const [path, live, want, how = 'equal'] of fields) {
    if (want === undefined) continue
    const ok = how === 'covers' ? covers(want, live) : same(want ?? null, live ?? null)
    if (!ok) out.push({ path, from: live, to: want })
  }
  return out
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v))

/** A readable diff of changes, one `-` / `+` pair per field. */
export function renderChanges(changes: readonly FieldChange[], indent = '  '): string[] {
  return changes.flatMap((c) => [`${indent}${c.path}:`, `${indent}-  ${show(c.from)}`, `${indent}+  ${show(c.to)}`])
}
