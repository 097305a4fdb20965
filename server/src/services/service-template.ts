/**
 * A service's pod template as a version: its canonical form (equal templates, whatever their key
 * order, are one), a short stable hash of it that every pod made from it carries
 * (`spec.service.templateHash`), and the revision — pack version plus template — a rollout moves
 * pods to. A pod is up to date when both its pack version and its template hash are the
 * service's (`plan-pods.ts`).
 *
 * Services created before templates could change have the hash '' (migration
 * 20261207210000_service_template_revisions.sql), as do their pods (which carry none): they stay
 * up to date until the template changes.
 */
import { createHash } from 'node:crypto'
import type { ServiceTemplate } from '../store/services'

/** A pack version and a template: what a rollout moves pods to, and what a rollback restores. */
export interface ServiceVersion {
  packId: string
  template: ServiceTemplate
  templateHash: string
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    )
  return v
}

/** A JSON value as one string: keys sorted at every depth, undefined fields left out. */
export const canonicalJson = (v: unknown): string => JSON.stringify(canonical(v) ?? null)

export const canonicalTemplate = (t: ServiceTemplate): string => canonicalJson(t)

/** 16 hex characters of the sha256 of the canonical template. */
export const hashTemplate = (t: ServiceTemplate): string =>
  createHash('sha256').update(canonicalTemplate(t)).digest('hex').slice(0, 16)

export const sameTemplate = (a: ServiceTemplate, b: ServiceTemplate): boolean => canonicalTemplate(a) === canonicalTemplate(b)

export const versionOf = (s: { packId: string; template: ServiceTemplate; templateHash: string }): ServiceVersion => ({
  packId: s.packId,
  template: s.template,
  templateHash: s.templateHash,
})

export const sameVersion = (
  a: Pick<ServiceVersion, 'packId' | 'templateHash'>,
  b: Pick<ServiceVersion, 'packId' | 'templateHash'>,
) => a.packId === b.packId && a.templateHash === b.templateHash
