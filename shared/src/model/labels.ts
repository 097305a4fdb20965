import { z } from 'zod'

/** Label keys as in Kubernetes: an optional DNS prefix and a name of up to 63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/

export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/')
  const name = slash < 0 ? key : key.slice(slash + 1)
  const prefix = slash < 0 ? undefined : key.slice(0, slash)
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return false
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return false
  return true
}

export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value))
}

export const labelKey = z.string().refine(isLabelKey, 'invalid label key')
export const labelValue = z.string().refine(isLabelValue, 'invalid label value (up to 63 letters, digits, "-", "_", ".")')
export const labelsSchema = z.record(labelKey, labelValue).refine((l) => Object.keys(l).length <= 64, 'at most 64 labels')

export type Labels = Record<string, string>

/** The label every pod of a service carries: `stark.io/service=<service name>`. */
export const SERVICE_LABEL = 'stark.io/service'

/** A service's pods' labels: the service's own plus `stark.io/service=<name>`. */
export const servicePodLabels = (labels: Labels, service: string): Labels => ({ ...labels, [SERVICE_LABEL]: service })

/** Labels a user sets on a pod or service: valid labels, and not the one Stark sets on service pods. */
export const userLabelsSchema = labelsSchema.refine(
  (l) => !Object.hasOwn(l, SERVICE_LABEL),
  `${SERVICE_LABEL} is set by Stark on a service's pods`,
)

/** Parses `key=value` (value may be empty). Throws with a readable message on bad input. */
export function parseLabel(text: string): [string, string] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new Error(`label "${text}" must look like key=value`)
  const key = text.slice(0, eq)
  const value = text.slice(eq + 1)
  if (!isLabelKey(key)) throw new Error(`label key "${key}" is not valid`)
  if (!isLabelValue(value)) throw new Error(`label value "${value}" is not valid`)
  return [key, value]
}

export function parseLabels(items: readonly string[]): Labels {
  return Object.fromEntries(items.map(parseLabel))
}

/** An equality selector matches when every key is present with the same value. */
export function matchesSelector(labels: Labels, selector: Labels): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false
  return true
}

export function formatLabels(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}
