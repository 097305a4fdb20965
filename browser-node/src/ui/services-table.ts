/** The services table: ready of desired, condition and rollout, and the service buttons (scale, update, …). */
import { compareSemver, formatPackRef } from '@stark/shared'
import type { ServiceItem } from '../app/cluster'
import { actionButton, type ActionDeps } from './actions'
import { h } from './dom'
import { mayActOn, type Who } from './permissions'
import { serviceStatus } from './service-status'

/**
 * Asks for the version to roll out, offering those the server has of the service's pack (its
 * namespace and name), lowest to highest by semver; the highest other than the current is offered.
 */
async function askVersion(act: ActionDeps, s: ServiceItem): Promise<string | undefined> {
  const query = { namespace: s.pack.namespace, name: s.pack.name, limit: 1000 }
  const r = await act.api.rest.get('/api/packs', { query })
  const versions = [...new Set(r.items.map((p) => p.version))].sort(compareSemver)
  const others = versions.filter((v) => v !== s.pack.version)
  const answer = prompt(
    `Update ${s.name} (now ${formatPackRef(s.pack, s.namespace)}) to version:\navailable: ${versions.join(', ')}`,
    others.at(-1) ?? s.pack.version,
  )
  if (answer === null || answer.trim() === '') return undefined
  return answer.trim()
}

function serviceActions(act: ActionDeps, s: ServiceItem) {
  const ref = { params: { ref: s.name }, query: { namespace: s.namespace } }
  return [
    s.mode === 'daemonset'
      ? null
      : actionButton(act, 'Scale', async (a) => {
          const answer = prompt(`Replicas of ${s.name}:`, String(s.replicas ?? s.counts.desired))
          if (answer === null) return
          const replicas = Number(answer)
          if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`"${answer}" is not a number of replicas`)
          return a.rest.post('/api/services/{ref}/scale', { ...ref, body: { replicas } })
        }),
    actionButton(act, 'Update', async (a) => {
      const version = await askVersion(act, s)
      if (version) return a.rest.patch('/api/services/{ref}', { ...ref, body: { version } })
    }),
    s.paused
      ? actionButton(act, 'Resume', (a) => a.rest.post('/api/services/{ref}/resume', ref))
      : actionButton(act, 'Pause', (a) => a.rest.post('/api/services/{ref}/pause', ref)),
    actionButton(act, 'Rollback', (a) => a.rest.post('/api/services/{ref}/rollback', ref), {
      confirm: `Roll ${s.name} back to its previous version?`,
    }),
    actionButton(act, 'Delete', (a) => a.rest.delete('/api/services/{ref}', ref), {
      danger: true,
      confirm: `Delete service ${s.name} and its pods?`,
    }),
  ]
}

export function servicesTable(services: readonly ServiceItem[], who: Who, act: ActionDeps) {
  const acting = services.some((s) => mayActOn(who, s.ownerId))
  return h(
    'section.card#services',
    h('h2', 'Services'),
    services.length === 0
      ? h('p.empty', 'No services.')
      : h(
          'table',
          h(
            'thead',
            h(
              'tr',
              h('th', 'Name'),
              h('th', 'Ready / desired'),
              h('th', 'Condition and rollout'),
              h('th.wide', 'Pack'),
              acting ? h('th', '') : null,
            ),
          ),
          h(
            'tbody',
            services.map((s) =>
              h(
                'tr',
                { dataset: { service: s.name } },
                h(
                  'td.name',
                  s.name,
                  s.namespace !== 'default' ? h('small', ` ${s.namespace}`) : null,
                  s.mode === 'daemonset' ? h('small', ' DaemonSet') : null,
                  s.paused ? h('small', ' paused') : null,
                ),
                h('td.counts', `${s.counts.ready} / ${s.counts.desired}`),
                h('td', serviceStatus(s)),
                h('td.wide', formatPackRef(s.pack, s.namespace)),
                acting ? h('td.actions-cell', mayActOn(who, s.ownerId) ? serviceActions(act, s) : null) : null,
              ),
            ),
          ),
        ),
  )
}
