/** The latest events, newest first (from the history, then live). */
import type { ClusterView } from '../app/cluster'
import { h } from './dom'

export function eventsList(v: ClusterView) {
  return h(
    'section.card',
    h('h2', 'Events'),
    h(
      'ol#events',
      { class: 'events' },
      v.events.length === 0
        ? h('li.empty', v.live ? 'Waiting for events…' : 'Not connected.')
        : v.events
            .filter((e) => !v.namespace || !e.namespace || e.namespace === v.namespace)
            .slice(0, 40)
            .map((e) =>
              h(
                'li',
                { dataset: { severity: e.severity } },
                h('time', new Date(e.createdAt).toLocaleTimeString()),
                h('b', e.type),
                ' ',
                e.resourceName ?? '',
                e.message ? h('small', ` ${e.message}`) : null,
              ),
            ),
    ),
  )
}
