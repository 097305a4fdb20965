import type { Schema } from '@stark/client'
import type { Field } from '../lib/output'

/** What `GET /api/scheduler` answers. */
export type SchedulerProfileView = Schema<'SchedulerProfile'>

const weightsText = (w: Record<string, number>) =>
  Object.entries(w)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || '-'

export const schedulerProfileFields = (p: SchedulerProfileView): Field[] => [
  { label: 'Profile', value: p.name },
  { label: 'Weights', value: weightsText(p.weights) },
  { label: 'Overrides', value: weightsText(p.overrides) },
  {
    label: 'Set by',
    value: p.byConfig ? 'the server’s STARK_SCHEDULER_PROFILE' : 'the cluster setting scheduler.profile',
    tone: p.byConfig ? 'warn' : undefined,
  },
]
