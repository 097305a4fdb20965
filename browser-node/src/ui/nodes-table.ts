/** The nodes table: status, what is allocated, what the pods used lately, and the node buttons. */
import type { NodeItem } from '../app/cluster'
import type { UsageView } from '../app/usage'
import { actionButton, type ActionDeps } from './actions'
import { badge, h } from './dom'
import { mayActOn, type Who } from './permissions'
import { usageCharts } from './sparkline'

const mb = (n: number) => (n >= 1024 ? `${(n / 1024).toFixed(1)} GB` : `${n} MB`)
const cores = (m: number) => `${(m / 1000).toFixed(m % 1000 ? 1 : 0)} cpu`

function nodeActions(act: ActionDeps, n: NodeItem) {
  return [
    n.unschedulable
      ? actionButton(act, 'Uncordon', (a) => a.rest.post('/api/nodes/{ref}/uncordon', { params: { ref: n.id } }))
      : actionButton(act, 'Cordon', (a) => a.rest.post('/api/nodes/{ref}/cordon', { params: { ref: n.id } })),
    actionButton(act, 'Drain', (a) => a.rest.post('/api/nodes/{ref}/drain', { params: { ref: n.id } }), {
      confirm: `Drain ${n.name}? Its pods move to other nodes.`,
    }),
    actionButton(
      act,
      'Delete',
      (a) => a.rest.delete('/api/nodes/{ref}', { params: { ref: n.id }, query: n.status === 'Ready' ? { force: 'true' } : {} }),
      {
        danger: true,
        confirm:
          n.status === 'Ready'
            ? `Delete node ${n.name}? It is Ready: its agent is disconnected and its pods move elsewhere.`
            : `Delete node ${n.name}? Its pods move elsewhere.`,
      },
    ),
  ]
}

export function nodesTable(nodes: readonly NodeItem[], usage: UsageView, who: Who, act: ActionDeps) {
  const acting = nodes.some((n) => mayActOn(who, n.ownerId))
  return h(
    'section.card',
    h('h2', 'Nodes'),
    h(
      'table#nodes',
      h(
        'thead',
        h(
          'tr',
          h('th', 'Name'),
          h('th', 'Runtime'),
          h('th', 'Status'),
          h('th.wide', 'CPU'),
          h('th.wide', 'Memory'),
          h('th', 'Pods'),
          h('th', 'Use (15 min)'),
          acting ? h('th', '') : null,
        ),
      ),
      h(
        'tbody',
        nodes.map((n) =>
          h(
            'tr',
            { dataset: { node: n.name } },
            h('td.name', n.name),
            h('td', n.runtime),
            h('td', badge(n.status), n.unschedulable ? h('small', ' cordoned') : null),
            h('td.wide', `${cores(n.allocated.cpu)} / ${cores(n.allocatable.cpu)}`),
            h('td.wide', `${mb(n.allocated.memory)} / ${mb(n.allocatable.memory)}`),
            h('td', `${n.allocated.pods}/${n.allocatable.pods}`),
            h('td.use', usageCharts(usage.nodes.get(n.id), `node ${n.name}`)),
            acting ? h('td.actions-cell', mayActOn(who, n.ownerId) ? nodeActions(act, n) : null) : null,
          ),
        ),
      ),
    ),
  )
}
