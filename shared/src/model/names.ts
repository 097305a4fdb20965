import { z } from 'zod'
import { isSemver, SEMVER_HINT } from './semver'

/** DNS-1123 label: what Kubernetes accepts for pod, node, service and namespace names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

export const resourceName = z
  .string()
  .min(1)
  .max(63)
  .regex(DNS_LABEL, 'must be lower-case letters, digits and "-", starting and ending with a letter or digit')

/** Pack names may also hold dots and underscores (npm-like). */
export const packName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9]([-a-z0-9._]*[a-z0-9])?$/, 'must be lower-case letters, digits, ".", "_" and "-"')

/** Pack versions are semantic versions (`1.0.0`, `2.1.0-rc.1`); "latest" is the highest by semver. */
export const packVersion = z.string().min(1).max(64).refine(isSemver, `must be ${SEMVER_HINT}`)
