/**
 * The scheduler's scoring profile as a cluster setting: read by anyone signed in, changed by
 * admins (`PUT /api/scheduler`, `stark scheduler set`). A change is stored in the settings table
 * (key `scheduler.profile`, so every server of the cluster starts with it), recorded as an event,
 * and applied to the live scheduler from its next decision on. STARK_SCHEDULER_PROFILE on the
 * server wins over the setting; while it is set, the API refuses changes and says so.
 */
import { badRequest, conflict, forbidden } from '../errors'
import type { Principal } from '../auth/principal'
import type { WriteQueue } from '../state/write-queue'
import { settingsRepo } from '../store/settings'
import type { SchedulerProfileName } from '@stark/shared'
import { defaultPlugins, type SchedulerProfile } from './registry'
import type { WeightedPlugin } from './types'

export const SCHEDULER_PROFILE_SETTING = 'scheduler.profile'

export interface SchedulerProfileView {
  /** The base profile. */
  name: SchedulerProfileName
  /** The weights in effect: the base profile's, with the overrides applied. */
  weights: Record<string, number>
  /** Only the overrides of the base profile's weights. */
  overrides: Record<string, number>
  /** Set by the server's STARK_SCHEDULER_PROFILE (the setting does not apply). */
  byConfig: boolean
}

export interface SchedulerProfileDeps {
  writes: WriteQueue
  /** The profile in effect at start. */
  initial: SchedulerProfile
  byConfig: boolean
  /** Hands the plugin list of a new profile to the live scheduler. */
  apply(plugins: readonly WeightedPlugin[]): void
}

export function createSchedulerProfileOps(deps: SchedulerProfileDeps) {
  let current = deps.initial

  function view(): SchedulerProfileView {
    const name = current.name ?? 'spread'
    const plugins = defaultPlugins(current)
    const weights = Object.fromEntries(
      plugins.filter((p) => p.plugin.score && p.weight > 0).map((p) => [p.plugin.name, p.weight]),
    )
    return { name, weights, overrides: { ...current.weights }, byConfig: deps.byConfig }
  }

  return {
    get: view,
    /** The setting as another server wrote it (ignored while the configuration sets the profile). */
    reloaded(stored: SchedulerProfile) {
      if (deps.byConfig) return
      deps.apply(defaultPlugins(stored))
      current = stored
    },
    async set(p: Principal, next: SchedulerProfile): Promise<SchedulerProfileView> {
      if (p.kind !== 'user' || p.role !== 'admin') throw forbidden('only admins change the scheduler profile')
      if (deps.byConfig)
        throw conflict(
          'the server was started with STARK_SCHEDULER_PROFILE, which wins over the cluster setting; change it there',
        )
      let plugins: WeightedPlugin[]
      try {
        plugins = defaultPlugins(next)
      } catch (error) {
        throw badRequest(error instanceof Error ? error.message : String(error))
      }
      const stored: SchedulerProfile = {
        name: next.name ?? 'spread',
        ...(next.weights && Object.keys(next.weights).length ? { weights: next.weights } : {}),
      }
      await deps.writes.run(async (tx) => {
        await settingsRepo.set(tx.sql, SCHEDULER_PROFILE_SETTING, stored)
        tx.event({
          type: 'SchedulerProfileChanged',
          category: 'scheduler',
          severity: 'info',
          actorId: p.id,
          resourceType: 'settings',
          resourceName: SCHEDULER_PROFILE_SETTING,
          message: `scheduler profile set to ${stored.name}${stored.weights ? ` with weights ${JSON.stringify(stored.weights)}` : ''}`,
        })
        tx.after(() => {
          current = stored
          deps.apply(plugins)
        })
      })
      return view()
    },
  }
}
export type SchedulerProfileOps = ReturnType<typeof createSchedulerProfileOps>
