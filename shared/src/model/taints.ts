import { z } from 'zod'
import { isLabelKey, isLabelValue, labelKey, labelValue } from './labels'

export const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const
export type TaintEffect = (typeof taintEffects)[number]
export const taintEffect = z.enum(taintEffects)

/**
 * The taint a cordoned node carries (as Kubernetes' node.kubernetes.io/unschedulable): a pod that
 * tolerates it may still be placed on a cordoned node.
 */
export const CORDON_TAINT: Taint = { key: 'stark.io/unschedulable', effect: 'NoSchedule' }

export const taintSchema = z.strictObject({
  key: labelKey,
  value: labelValue.optional(),
  effect: taintEffect,
})
export type Taint = z.infer<typeof taintSchema>

export const tolerationFields = z.strictObject({
  key: labelKey.optional(),
  operator: z.enum(['Equal', 'Exists']).default('Equal'),
  value: labelValue.optional(),
  effect: taintEffect.optional(),
  /** For NoExecute: how long the pod may stay once the taint appears (absent = forever). */
  tolerationSeconds: z.number().int().min(0).max(31_536_000).optional(),
})
export type Toleration = z.output<typeof tolerationFields>

/** Why Kubernetes' validation would refuse this toleration, or undefined when it is valid. */
export function tolerationProblem(t: Toleration): string | undefined {
  if (t.operator === 'Equal' && t.key === undefined)
    return 'operator Equal needs a key (an empty key with operator Exists tolerates everything)'
  if (t.operator === 'Exists' && t.value !== undefined && t.value !== '') return 'operator Exists takes no value'
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') return 'tolerationSeconds is only for effect NoExecute'
  return undefined
}

/** A toleration as REST takes it: Kubernetes' rules on operator, key, value and effect. */
export const tolerationSchema = tolerationFields.superRefine((t, ctx) => {
  const problem = tolerationProblem(t)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

function splitEffect(text: string, what: string): [string, TaintEffect | undefined] {
  const colon = text.lastIndexOf(':')
  if (colon < 0) return [text, undefined]
  const effect = text.slice(colon + 1)
  if (!(taintEffects as readonly string[]).includes(effect)) {
    throw new Error(`${what} "${text}": effect must be one of ${taintEffects.join(', ')}`)
  }
  return [text.slice(0, colon), effect as TaintEffect]
}

/** Parses `key=value:Effect` or `key:Effect`. */
export function parseTaint(text: string): Taint {
  const [kv, effect] = splitEffect(text, 'taint')
  if (!effect) throw new Error(`taint "${text}" must look like key=value:Effect`)
  const eq = kv.indexOf('=')
  const key = eq < 0 ? kv : kv.slice(0, eq)
  const value = eq < 0 ? undefined : kv.slice(eq + 1)
  if (!isLabelKey(key)) throw new Error(`taint key "${key}" is not valid`)
  if (value !== undefined && !isLabelValue(value)) throw new Error(`taint value "${value}" is not valid`)
  return value === undefined ? { key, effect } : { key, value, effect }
}

/**
 * Parses a toleration: `key=value:Effect` (Equal), `key:Effect` or `key` (Exists),
 * `:Effect` or `*` (tolerates everything with that effect / everything), and an optional
 * `:Effect:seconds` suffix for NoExecute toleration seconds.
 */
export function parseToleration(text: string): Toleration {
  let rest = text
  let seconds: number | undefined
  const secondsMatch = /:(\d+)$/.exec(rest)
  if (secondsMatch && /:(NoSchedule|PreferNoSchedule|NoExecute):\d+$/.test(rest)) {
    seconds = Number(secondsMatch[1])
    rest = rest.slice(0, secondsMatch.index)
  }
  if (rest === '*') return { operator: 'Exists' }
  const [kv, effect] = splitEffect(rest, 'toleration')
  const eq = kv.indexOf('=')
  const key = eq < 0 ? kv : kv.slice(0, eq)
  const value = eq < 0 ? undefined : kv.slice(eq + 1)
  if (key !== '' && !isLabelKey(key)) throw new Error(`toleration key "${key}" is not valid`)
  if (value !== undefined && !isLabelValue(value)) throw new Error(`toleration value "${value}" is not valid`)
  const tol: Toleration = { operator: value === undefined ? 'Exists' : 'Equal' }
  if (key !== '') tol.key = key
  if (value !== undefined) tol.value = value
  if (effect) tol.effect = effect
  if (seconds !== undefined) tol.tolerationSeconds = seconds
  const problem = tolerationProblem(tol)
  if (problem) throw new Error(`toleration "${text}": ${problem}`)
  return tol
}

export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false
  if (toleration.key === undefined) return toleration.operator === 'Exists'
  if (toleration.key !== taint.key) return false
  if (toleration.operator === 'Exists') return true
  return (toleration.value ?? '') === (taint.value ?? '')
}

/** The taints (of the given effects) that no toleration tolerates. */
export function untoleratedTaints(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly TaintEffect[] = taintEffects,
): Taint[] {
  return taints.filter((t) => effects.includes(t.effect) && !tolerations.some((tol) => tolerates(tol, t)))
}

/**
 * How long a pod may stay on a node under this NoExecute taint (ms), as Kubernetes counts it: the
 * smallest `tolerationSeconds` of the tolerations that match; `undefined` when one matches and
 * none sets seconds (for ever); `null` when none matches (evicted at once).
 */
export function noExecuteWindowMs(taint: Taint, tolerations: readonly Toleration[]): number | undefined | null {
  let matched = false
  let min: number | undefined
  for (const t of tolerations) {
    if (!tolerates(t, taint)) continue
    matched = true
    if (t.tolerationSeconds !== undefined) min = Math.min(min ?? Infinity, t.tolerationSeconds)
  }
  if (!matched) return null
  return min === undefined ? undefined : min * 1000
}

export function formatTaint(t: Taint): string {
  return `${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`
}
