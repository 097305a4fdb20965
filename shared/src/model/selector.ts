import { isLabelKey, isLabelValue, type Labels } from './labels'
import type { NodeSelectorRequirement } from './affinity'
import { matchesRequirement } from './affinity'
import { err, ok, type Result } from '../result'

/**
 * Label selectors in Kubernetes' grammar: requirements joined by commas (all must hold) —
 * `k=v` / `k==v`, `k!=v`, `k` (has the key), `!k` (lacks it), `k in (a,b)`, `k notin (a,b)`.
 * An empty selector matches everything.
 */
export type LabelSelector = readonly NodeSelectorRequirement[]

export function parseSelector(text: string): Result<LabelSelector, string> {
  const out: NodeSelectorRequirement[] = []
  const src = text.trim()
  let i = 0
  const space = () => {
    while (src[i] === ' ') i++
  }
  const word = () => {
    const start = i
    while (i < src.length && /[A-Za-z0-9_./-]/.test(src[i]!)) i++
    return src.slice(start, i)
  }
  while (i < src.length) {
    space()
    const negate = src[i] === '!'
    if (negate) i++
    space()
    const key = word()
    if (!isLabelKey(key)) return err(`selector: "${key || src.slice(i, i + 10)}" is not a label key (at ${i + 1})`)
    space()
    if (negate) {
      out.push({ key, operator: 'DoesNotExist' })
    } else if (src.startsWith('!=', i) || src.startsWith('==', i) || src[i] === '=') {
      const op = src.startsWith('!=', i) ? 'NotIn' : 'In'
      i += src[i] === '=' && src[i + 1] !== '=' ? 1 : 2
      space()
      const value = word()
      if (!isLabelValue(value)) return err(`selector: "${value}" is not a label value (at ${i + 1})`)
      out.push({ key, operator: op, values: [value] })
    } else if (/^(in|notin)\s*\(/.test(src.slice(i))) {
      const op = src.startsWith('notin', i) ? 'NotIn' : 'In'
      i = src.indexOf('(', i) + 1
      const close = src.indexOf(')', i)
      if (close < 0) return err(`selector: "(" without ")" after ${key}`)
      if (src.slice(i, close).trim() === '')
        return err(`selector: ${key} ${op === 'In' ? 'in' : 'notin'} () needs at least one value`)
      const values = src
        .slice(i, close)
        .split(',')
        .map((v) => v.trim())
      if (values.some((v) => !isLabelValue(v))) return err(`selector: a value in (${src.slice(i, close)}) is not a label value`)
      out.push({ key, operator: op, values })
      i = close + 1
    } else {
      out.push({ key, operator: 'Exists' })
    }
    space()
    if (i < src.length) {
      if (src[i] !== ',') return err(`selector: expected "," at ${i + 1}, found "${src[i]}"`)
      i++
      space()
      if (i >= src.length) return err('selector: nothing after the last ","')
    }
  }
  return ok(out)
}

/** True when the labels satisfy every requirement (`k!=v` also matches objects without `k`, as in Kubernetes). */
export function matchesLabelSelector(labels: Labels, selector: LabelSelector): boolean {
  for (const r of selector) if (!matchesRequirement(labels, r)) return false
  return true
}

/** The canonical text of a selector (what `parseSelector` reads back to the same requirements). */
export function formatSelector(selector: LabelSelector): string {
  return selector
    .map((r) => {
      switch (r.operator) {
        case 'Exists':
          return r.key
        case 'DoesNotExist':
          return `!${r.key}`
        case 'In':
          return r.values?.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values?.join(',')})`
        case 'NotIn':
          return r.values?.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values?.join(',')})`
        default:
          return `${r.key} ${r.operator} (${r.values?.join(',')})`
      }
    })
    .join(',')
}
