/** The pods table, a page at a time: status, node, restarts, use over the last minutes; a click opens the log. */
import { formatPackRef } from '@stark/shared'
import type { PodItem } from '../app/cluster'
import type { UsageView } from '../app/usage'
import { actionButton, type ActionDeps } from './actions'
import { badge, h } from './dom'
import type { Page } from './pager'
import { mayActOn, type Who } from './permissions'
import { usageCharts } from './sparkline'

export function podsTable(page: Page<PodItem>, usage: UsageView, who: Who, act: ActionDeps, open: (p: PodItem) => void) {
  const acting = page.items.some((p) => mayActOn(who, p.ownerId))
  return h(
    'section.card#pods-card',
    h('h2', 'Pods'),
    page.controls,
    h(
      'table#pods',
      h(
        'thead',
        h(
          'tr',
          h('th', 'Name'),
          h('th', 'Status'),
          h('th', 'Node'),
          h('th', 'Restarts'),
          h('th.wide', 'Pack'),
          h('th', 'Use (15 min)'),
          acting ? h('th', '') : null,
        ),
      ),
      h(
        'tbody',
        page.items.map((p) =>
          h(
            'tr.clickable',
            { dataset: { pod: p.name, namespace: p.namespace }, onclick: () => open(p), title: p.message ?? '' },
            h('td.name', p.name, p.namespace !== 'default' ? h('small', ` ${p.namespace}`) : null),
            h('td', badge(p.status), p.reason ? h('small', ` ${p.reason}`) : null),
            h('td', p.nodeName ?? '—'),
            h('td', p.restarts),
            h('td.wide', formatPackRef(p.pack, p.namespace)),
            h('td.use', usageCharts(usage.pods.get(p.id), `pod ${p.name}`)),
            acting
              ? h(
                  'td.actions-cell',
                  mayActOn(who, p.ownerId)
                    ? actionButton(act, 'Delete', (a) => a.rest.delete('/api/pods/{ref}', { params: { ref: p.id } }), {
                        danger: true,
                        confirm: `Delete pod ${p.namespace}/${p.name}?`,
                      })
                    : null,
                )
              : null,
          ),
        ),
      ),
    ),
  )
}
