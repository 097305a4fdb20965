import type { Field } from '../lib/output'

export interface SchedulerProfileView {
  name: string
  weights: Record<string, number>
  overrides: Record<string, number>
  byConfig: boolean
}

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
