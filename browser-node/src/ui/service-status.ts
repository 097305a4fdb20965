/** How a service's rollout stands, in a few words: progress of the rollout under way, or how the last one ended. */
import type { ServiceItem } from '../app/cluster'
import { h } from './dom'

export function rolloutText(s: ServiceItem): string {
  const c = s.counts
  if (s.rollout) {
    const from = s.rollout.from ? `${s.rollout.from.version} → ` : ''
    const what = s.rollout.rollback ? 'rolling back' : 'rolling out'
    return `${what} ${from}${s.rollout.to.version}: ${c.updated} updated, ${c.available} available of ${c.desired}`
  }
  if (s.failedVersion) return `last rollout to ${s.failedVersion.version} failed; ${s.healthyVersion?.version ?? 'none'} kept`
  if (s.healthyVersion) return `${s.healthyVersion.version} rolled out`
  return `${c.available} available of ${c.desired}`
}

/** The service's condition as a badge, with its reason and message as the hover text. */
export function serviceStatus(s: ServiceItem) {
  const c = s.condition
  return h(
    'div.svc-status',
    c
      ? h('span.badge', { dataset: { condition: c.type }, title: `${c.reason}: ${c.message}` }, c.type)
      : h('span.badge', 'no condition'),
    h('small.rollout', ` ${rolloutText(s)}`),
  )
}
