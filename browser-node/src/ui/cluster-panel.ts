/**
 * The cluster at a glance: a summary, the namespace filter, nodes, services, pods (a page at a
 * time; click one to follow its log) and events — each list in its own file. Buttons show by role:
 * viewers see none, users only on what they own, admins on everything.
 */
import type { Api } from '../app/api'
import type { ClusterView, PodItem } from '../app/cluster'
import type { ActionDeps } from './actions'
import { ago, h, mount } from './dom'
import { eventsList } from './events-list'
import { logView } from './log-view'
import { namespaceFilter } from './namespace-filter'
import { nodesTable } from './nodes-table'
import { pager } from './pager'
import { mayAct, type Who } from './permissions'
import { podsTable } from './pods-table'
import { qrCode } from './qr'
import { servicesTable } from './services-table'

export interface ClusterPanelDeps {
  /** The signed-in user (role and id: which buttons show). */
  who(): Who
  /** Reload the lists (after an action). */
  refresh(): void
  /** Show one namespace (undefined: all). */
  setNamespace(namespace: string | undefined): void
}

export function clusterPanel(root: HTMLElement, api: Api, deps: ClusterPanelDeps) {
  let last: ClusterView | undefined
  const actionError = h('p.error#action-error', { hidden: true })
  const act: ActionDeps = {
    api,
    changed: () => {
      actionError.hidden = true
      deps.refresh()
    },
    report: (message) => {
      actionError.hidden = false
      actionError.textContent = message
    },
  }
  const joinBox = h('div#join-link-box')
  async function createJoinLink() {
    try {
      const t = await api.rest.post('/api/nodes/tokens', { body: {} })
      mount(
        joinBox,
        h('p.meta', `Open this link on the device (valid until ${new Date(t.expiresAt).toLocaleTimeString()}), or scan it:`),
        h('a#join-link', { href: t.url, class: 'link' }, t.url),
        qrCode(t.url, { label: 'QR code of the join link' }),
      )
    } catch (error) {
      act.report(`Join link: ${(error as Error).message}`)
    }
  }
  const logs = logView(api)
  const podPages = pager('pods-pager')
  const rerender = () => last && render(last)
  const openLog = (p: PodItem) => logs.open(p)
  const chooseNamespace = (ns: string | undefined) => {
    podPages.reset()
    deps.setNamespace(ns)
  }

  function render(v: ClusterView) {
    last = v
    const who = deps.who()
    const ready = v.nodes.filter((n) => n.status === 'Ready').length
    const running = v.pods.filter((p) => p.status === 'Running').length
    mount(
      root,
      h(
        'div.summary',
        h('div.stat', h('b', `${ready}/${v.nodes.length}`), h('span', 'nodes ready')),
        h('div.stat#pods-stat', h('b', `${running}/${v.pods.length}`), h('span', 'pods running')),
        h(
          'div.stat',
          h('b', v.live ? 'live' : 'offline'),
          h('span', v.live ? 'events streaming' : `last update ${ago(v.savedAt)}`),
        ),
      ),
      h(
        'div.toolbar',
        namespaceFilter(v.namespaces, v.namespace, chooseNamespace),
        h('span.meta', `signed in as ${who.role ?? '—'}`),
      ),
      v.error ? h('p.error', v.error) : null,
      actionError,
      mayAct(who)
        ? h(
            'section.card#add-device',
            h('h2', 'Add a device'),
            h('button.small', { id: 'create-join-link', onclick: () => void createJoinLink() }, 'Create a join link'),
            joinBox,
          )
        : null,
      nodesTable(v.nodes, v.usage, who, act),
      v.services ? servicesTable(v.services, who, act) : null,
      podsTable(podPages.of(v.pods, rerender), v.usage, who, act, openLog),
      logs.section,
      eventsList(v),
    )
    logs.keep()
  }
  return { render, closeLogs: logs.close, rerender }
}
