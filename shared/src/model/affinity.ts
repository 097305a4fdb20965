import { z } from 'zod'
import { isLabelKey, isLabelValue, labelKey, labelValue, type Labels } from './labels'

/**
 * Node affinity, after Kubernetes: a pod may require nodes whose labels match one of several
 * terms (OR), each term a list of expressions (AND), and may prefer nodes matching weighted terms.
 */
export const affinityOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const
export type AffinityOperator = (typeof affinityOperators)[number]

export const nodeSelectorRequirementSchema = z
  .strictObject({
    key: labelKey,
    operator: z.enum(affinityOperators),
    values: z.array(labelValue).max(64).optional(),
  })
  .superRefine((r, ctx) => {
    const problem = requirementProblem(r.operator, r.values)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['values'] })
  })
export type NodeSelectorRequirement = z.infer<typeof nodeSelectorRequirementSchema>

/** Integers as Kubernetes reads them for Gt and Lt: an optional sign and decimal digits (64-bit range). */
const INTEGER = /^[+-]?\d{1,19}$/
function parseInteger(text: string): bigint | undefined {
  if (!INTEGER.test(text)) return undefined
  const n = BigInt(text)
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined
}

/** Why values do not suit the operator (Kubernetes' validation), or undefined when they do. */
export function requirementProblem(operator: AffinityOperator, values: readonly string[] | undefined): string | undefined {
  const n = values?.length ?? 0
  if (operator === 'In' || operator === 'NotIn') return n > 0 ? undefined : `${operator} needs values`
  if (operator === 'Gt' || operator === 'Lt') {
    if (n !== 1) return `${operator} needs exactly one value`
    return parseInteger(values![0]!) === undefined ? `${operator} needs an integer value, not "${values![0]}"` : undefined
  }
  return n === 0 ? undefined : `${operator} takes no values`
}

export const nodeSelectorTermSchema = z.strictObject({
  matchExpressions: z.array(nodeSelectorRequirementSchema).min(1).max(32),
})
export type NodeSelectorTerm = z.infer<typeof nodeSelectorTermSchema>

export const preferredTermSchema = z.strictObject({
  weight: z.number().int().min(1).max(100),
  matchExpressions: z.array(nodeSelectorRequirementSchema).min(1).max(32),
})
export type PreferredTerm = z.infer<typeof preferredTermSchema>

export const nodeAffinitySchema = z.strictObject({
  /** The node must match at least one of these terms. */
  required: z.array(nodeSelectorTermSchema).max(16).optional(),
  /** Nodes matching these terms score their weight (summed). */
  preferred: z.array(preferredTermSchema).max(16).optional(),
})
export type NodeAffinity = z.infer<typeof nodeAffinitySchema>

export function matchesRequirement(labels: Labels, r: NodeSelectorRequirement): boolean {
  const has = Object.hasOwn(labels, r.key)
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(labels[r.key]!)
    case 'NotIn':
      return !has || !(r.values ?? []).includes(labels[r.key]!)
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
    case 'Gt':
    case 'Lt': {
      // A missing or non-integer label does not match (as in Kubernetes).
      const label = has ? parseInteger(labels[r.key]!) : undefined
      const bound = parseInteger(r.values?.[0] ?? '')
      if (label === undefined || bound === undefined) return false
      return r.operator === 'Gt' ? label > bound : label < bound
    }
  }
}

/** A term matches when every one of its expressions does. */
export function matchesTerm(labels: Labels, term: { matchExpressions: readonly NodeSelectorRequirement[] }): boolean {
  for (const r of term.matchExpressions) if (!matchesRequirement(labels, r)) return false
  return true
}

/** True when there is no required term, or the labels match at least one. */
export function matchesRequiredAffinity(labels: Labels, affinity: NodeAffinity | undefined): boolean {
  const terms = affinity?.required
  if (!terms || terms.length === 0) return true
  return terms.some((t) => matchesTerm(labels, t))
}

/** The summed weight of the preferred terms the labels match. */
export function preferredAffinityWeight(labels: Labels, affinity: NodeAffinity | undefined): number {
  let total = 0
  for (const t of affinity?.preferred ?? []) if (matchesTerm(labels, t)) total += t.weight
  return total
}

/**
 * Parses one expression as written on the command line: `zone In a,b`, `zone NotIn c`,
 * `gpu Exists`, `spot DoesNotExist`, `cores Gt 4`, `gen Lt 3`. A leading `weight:` (1–100) makes it a preferred term:
 * `50:zone In a`. Throws with a readable message on bad input.
 */
export function parseAffinityExpression(text: string): { requirement: NodeSelectorRequirement; weight?: number } {
  let rest = text.trim()
  let weight: number | undefined
  const w = /^(\d+):\s*/.exec(rest)
  if (w) {
    weight = Number(w[1])
    if (weight < 1 || weight > 100) throw new Error(`affinity "${text}": weight must be 1–100`)
    rest = rest.slice(w[0].length)
  }
  const parts = rest.split(/\s+/)
  const [key, op, values, ...extra] = parts
  if (!key || !op || extra.length > 0)
    throw new Error(
      `affinity "${text}" must look like "key In a,b", "key NotIn a", "key Exists", "key DoesNotExist", "key Gt 4" or "key Lt 4"`,
    )
  if (!isLabelKey(key)) throw new Error(`affinity key "${key}" is not valid`)
  const operator = affinityOperators.find((o) => o.toLowerCase() === op.toLowerCase())
  if (!operator) throw new Error(`affinity "${text}": operator must be one of ${affinityOperators.join(', ')}`)
  const list = values ? values.split(',') : undefined
  for (const v of list ?? []) if (!isLabelValue(v)) throw new Error(`affinity value "${v}" is not valid`)
  const problem = requirementProblem(operator, list)
  if (problem) throw new Error(`affinity "${text}": ${problem}${operator === 'In' || operator === 'NotIn' ? ' (a,b,…)' : ''}`)
  const requirement: NodeSelectorRequirement = list ? { key, operator, values: list } : { key, operator }
  return weight === undefined ? { requirement } : { requirement, weight }
}

/**
 * Builds an affinity from command-line expressions: all required expressions form one term
 * (AND); each weighted expression is its own preferred term.
 */
export function affinityFromExpressions(texts: readonly string[]): NodeAffinity | undefined {
  if (texts.length === 0) return undefined
  const required: NodeSelectorRequirement[] = []
  const preferred: PreferredTerm[] = []
  for (const t of texts) {
    const { requirement, weight } = parseAffinityExpression(t)
    if (weight === undefined) required.push(requirement)
    else preferred.push({ weight, matchExpressions: [requirement] })
  }
  return {
    ...(required.length ? { required: [{ matchExpressions: required }] } : {}),
    ...(preferred.length ? { preferred } : {}),
  }
}

export function formatRequirement(r: NodeSelectorRequirement): string {
  return r.values?.length ? `${r.key} ${r.operator} ${r.values.join(',')}` : `${r.key} ${r.operator}`
}

/** One line for people: `zone In a,b and gpu Exists; prefers 50: disk In ssd` (terms ORed with "or"). */
export function formatAffinity(affinity: NodeAffinity | null | undefined): string {
  const term = (t: { matchExpressions: readonly NodeSelectorRequirement[] }) =>
    t.matchExpressions.map(formatRequirement).join(' and ')
  const parts: string[] = []
  if (affinity?.required?.length) parts.push(affinity.required.map(term).join(' or '))
  if (affinity?.preferred?.length) parts.push(`prefers ${affinity.preferred.map((p) => `${p.weight}: ${term(p)}`).join(', ')}`)
  return parts.join('; ') || '-'
}
