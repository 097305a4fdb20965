/**
 * A service's rollout history as `stark service rollout history` shows it: each revision (pack
 * version and template) it was set to (newest first, numbered from 1 for the first kept), and what
 * became of it, read from the revision that came after it and, for the newest, from the service itself.
 */
import type { ServiceRevision } from '../store/service-revisions'
import type { ServiceRecord } from '../store/services'
import { sameVersion } from './service-template'

/**
 * Progressing: pods are being replaced by this version. Complete: every pod ran it healthily.
 * Failed: it did not become healthy (the newest only, when no earlier version was left to go back
 * to) or it was rolled back after failures. RolledBack: a user rolled back from it. Superseded: a
 * newer version replaced it.
 */
export type RevisionOutcome = 'Progressing' | 'Complete' | 'Failed' | 'RolledBack' | 'Superseded'

export interface NumberedRevision extends ServiceRevision {
  revision: number
  outcome: RevisionOutcome
  current: boolean
}

type ServiceState = Pick<
  ServiceRecord,
  'packId' | 'templateHash' | 'healthyPackId' | 'healthyTemplateHash' | 'rollout' | 'condition'
>

function outcomeOfNewest(s: ServiceState, r: ServiceRevision): RevisionOutcome {
  if (!sameVersion(r, s)) return 'Superseded'
  if (s.condition?.type === 'RolloutFailed') return 'Failed'
  if (s.rollout) return 'Progressing'
  return s.healthyPackId === s.packId && s.healthyTemplateHash === s.templateHash ? 'Complete' : 'Progressing'
}

function outcomeBefore(newer: ServiceRevision): RevisionOutcome {
  if (newer.reason === 'RollbackAfterFailures') return 'Failed'
  if (newer.reason === 'RollbackRequested') return 'RolledBack'
  return 'Superseded'
}

/** The revisions (newest first, as stored) with their numbers and outcomes. */
export function numberRevisions(s: ServiceState, revisions: readonly ServiceRevision[]): NumberedRevision[] {
  return revisions.map((r, i) => ({
    ...r,
    revision: revisions.length - i,
    outcome: i === 0 ? outcomeOfNewest(s, r) : outcomeBefore(revisions[i - 1]!),
    current: i === 0 && sameVersion(r, s),
  }))
}
