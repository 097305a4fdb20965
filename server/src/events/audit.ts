/**
 * Audit events: who signed in (or failed to), who created, changed or deleted users, secrets and
 * node tokens, which nodes joined, and who changed cluster-wide settings. They are recorded in the
 * `audit` category whatever category their emitter gave them, kept by their own retention (never
 * pushed out by ordinary events), never rate-limited away, and read by admins only.
 */
import type { EventInput } from '../store/records'

export const AUDIT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'LoginSucceeded',
  'LoginFailed',
  'UserCreated',
  'UserUpdated',
  'UserDisabled',
  'UserRoleChanged',
  'UserDeleted',
  'RegistrationChanged',
  'SecretCreated',
  'SecretUpdated',
  'SecretDeleted',
  'JoinTokenCreated',
  'NodeTokenCreated',
  'NodeRegistered',
  'NodeDeleted',
  'SchedulerProfileChanged',
  'QuotaChanged',
])

/** Whether an event is an audit event: every `auth` event and the types above. */
export const isAuditEvent = (e: Pick<EventInput, 'type' | 'category'>): boolean =>
  e.category === 'audit' || e.category === 'auth' || AUDIT_EVENT_TYPES.has(e.type)
