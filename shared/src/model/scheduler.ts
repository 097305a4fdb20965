/**
 * The scheduler's scoring profiles by name: `spread` (least allocated first, the default) and
 * `binpack` (most allocated first). Their weights live with the scheduler (server).
 */
export const schedulerProfileNames = ['spread', 'binpack'] as const
export type SchedulerProfileName = (typeof schedulerProfileNames)[number]
