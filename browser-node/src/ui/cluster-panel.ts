/** The cluster at a glance: nodes, pods (click one for its log), services, live events. */
import type { Api } from '../app/api'
import type { ClusterView, PodItem, ServiceItem } from '../app/cluster'
import { actionButton, mayAct, type ActionDeps } from './actions'
import { ago, badge, h, mount } from './dom'
import { qrCode } from './qr'

const mb = (n: number) => (n >= 1024 ? `${(n / 1024).toFixed(1)} GB` : `${n} MB`)
const cores = (m: number) => `${(m / 1000).toFixed(m % 1000 ? 1 : 0)} cpu`

export interface ClusterPanelDeps {
  /** The signed-in user's role (viewers get no buttons). */
  role(): string | undefined
  /** Reload the lists (after an action). */
  refresh(): void
}

export function clusterPanel(root: HTMLElement, api: Api, deps: ClusterPanelDeps) {
  let openPod: PodItem | undefined
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
  let logTimer: ReturnType<typeof setInterval> | undefined
  const logBox = h('pre#pod-logs', { class: 'logs' })
  const logTitle = h('h3')
  const logSection = h('section.card.pod-logs', { hidden: true }, logTitle, logBox)

  async function loadLogs() {
    if (!openPod) return
    try {
      const r = await api.rest.get('/api/pods/{ref}/logs', { params: { ref: openPod.id }, query: { tail: 300 } })
      mount(
        logBox,
        r.items.length
          ? r.items.map((l) => h(`span.${l.stream === 'stderr' ? 'stderr' : 'stdout'}`, l.line + '\n'))
          : 'no output yet',
      )
    } catch (error) {
      mount(logBox, `could not read the log: ${(error as Error).message}`)
    }
  }

  function showLogs(p: PodItem) {
    openPod = p
    logSection.hidden = false
    mount(logTitle, `Log of ${p.namespace}/${p.name}`, h('button.small', { onclick: closeLogs }, 'Close'))
    clearInterval(logTimer)
    void loadLogs()
    logTimer = setInterval(() => void loadLogs(), 2000)
  }
  function closeLogs() {
    openPod = undefined
    logSection.hidden = true
    clearInterval(logTimer)
  }

  function serviceActions(s: ServiceItem) {
    const ref = { params: { ref: s.name }, query: { namespace: s.namespace } }
    return [
      s.mode === 'daemonset'
        ? null
        : actionButton(act, 'Scale', async (a) => {
            const answer = prompt(`Replicas of ${s.name}:`, String(s.replicas ?? s.counts?.desired ?? 1))
            if (answer === null) return
            const replicas = Number(answer)
            if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`"${answer}" is not a number of replicas`)
            return a.post('/api/services/{ref}/scale', { ...ref, body: { replicas } })
          }),
      s.paused
        ? actionButton(act, 'Resume', (a) => a.post('/api/services/{ref}/resume', ref))
        : actionButton(act, 'Pause', (a) => a.post('/api/services/{ref}/pause', ref)),
      actionButton(act, 'Rollback', (a) => a.post('/api/services/{ref}/rollback', ref), {
        confirm: `Roll ${s.name} back to its previous version?`,
      }),
      actionButton(act, 'Delete', (a) => a.delete('/api/services/{ref}', ref), {
        danger: true,
        confirm: `Delete service ${s.name} and its pods?`,
      }),
    ]
  }

  function render(v: ClusterView) {
    last = v
    const acting = mayAct(deps.role())
    const ready = v.nodes.filter((n) => n.status === 'Ready').length
    const running = v.pods.filter((p) => p.status === 'Running').length
    mount(
      root,
      h(
        'div.summary',
        h('div.stat', h('b', `${ready}/${v.nodes.length}`), h('span', 'nodes ready')),
        h('div.stat', h('b', `${running}/${v.pods.length}`), h('span', 'pods running')),
        h(
          'div.stat',
          h('b', v.live ? 'live' : 'offline'),
          h('span', v.live ? 'events streaming' : `last update ${ago(v.savedAt)}`),
        ),
      ),
      v.error ? h('p.error', v.error) : null,
      actionError,
      acting
        ? h(
            'section.card#add-device',
            h('h2', 'Add a device'),
            h('button.small', { id: 'create-join-link', onclick: () => void createJoinLink() }, 'Create a join link'),
            joinBox,
          )
        : null,
      h(
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
              acting ? h('th', '') : null,
            ),
          ),
          h(
            'tbody',
            v.nodes.map((n) =>
              h(
                'tr',
                { dataset: { node: n.name } },
                h('td.name', n.name),
                h('td', n.runtime),
                h('td', badge(n.status)),
                h('td.wide', `${cores(n.allocated.cpu)} / ${cores(n.allocatable.cpu)}`),
                h('td.wide', `${mb(n.allocated.memory)} / ${mb(n.allocatable.memory)}`),
                h('td', `${n.allocated.pods}/${n.allocatable.pods}`),
                acting
                  ? h(
                      'td.actions-cell',
                      n.unschedulable
                        ? actionButton(act, 'Uncordon', (a) => a.post('/api/nodes/{ref}/uncordon', { params: { ref: n.id } }))
                        : actionButton(act, 'Cordon', (a) => a.post('/api/nodes/{ref}/cordon', { params: { ref: n.id } })),
                      actionButton(act, 'Drain', (a) => a.post('/api/nodes/{ref}/drain', { params: { ref: n.id } }), {
                        confirm: `Drain ${n.name}? Its pods move to other nodes.`,
                      }),
                      actionButton(
                        act,
                        'Delete',
                        (a) =>
                          a.delete('/api/nodes/{ref}', {
                            params: { ref: n.id },
                            query: n.status === 'Ready' ? { force: 'true' } : {},
                          }),
                        {
                          danger: true,
                          confirm:
                            n.status === 'Ready'
                              ? `Delete node ${n.name}? It is Ready: its agent is disconnected and its pods move elsewhere.`
                              : `Delete node ${n.name}? Its pods move elsewhere.`,
                        },
                      ),
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
      v.services
        ? h(
            'section.card#services',
            h('h2', 'Services'),
            v.services.length === 0
              ? h('p.empty', 'No services.')
              : h(
                  'table',
                  h(
                    'thead',
                    h('tr', h('th', 'Name'), h('th', 'Ready / desired'), h('th.wide', 'Pack'), acting ? h('th', '') : null),
                  ),
                  h(
                    'tbody',
                    v.services.map((s) =>
                      h(
                        'tr',
                        { dataset: { service: s.name } },
                        h('td.name', s.name, s.mode === 'daemonset' ? h('small', ' DaemonSet') : null),
                        h('td', `${s.counts?.ready ?? 0} / ${s.counts?.desired ?? s.replicas ?? '—'}`),
                        h('td.wide', s.pack ? `${s.pack.name}@${s.pack.version}` : ''),
                        acting ? h('td.actions-cell', serviceActions(s)) : null,
                      ),
                    ),
                  ),
                ),
          )
        : null,
      h(
        'section.card',
        h('h2', 'Pods'),
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
              acting ? h('th', '') : null,
            ),
          ),
          h(
            'tbody',
            v.pods.map((p) =>
              h(
                'tr.clickable',
                { dataset: { pod: p.name }, onclick: () => showLogs(p), title: p.message ?? '' },
                h('td.name', p.name),
                h('td', badge(p.status), p.reason ? h('small', ` ${p.reason}`) : null),
                h('td', p.nodeName ?? '—'),
                h('td', p.restarts),
                h('td.wide', `${p.pack.name}@${p.pack.version}`),
                acting
                  ? h(
                      'td.actions-cell',
                      actionButton(act, 'Delete', (a) => a.delete('/api/pods/{ref}', { params: { ref: p.id } }), {
                        danger: true,
                        confirm: `Delete pod ${p.namespace}/${p.name}?`,
                      }),
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
      logSection,
      h(
        'section.card',
        h('h2', 'Events'),
        h(
          'ol#events',
          { class: 'events' },
          v.events.length === 0
            ? h('li.empty', v.live ? 'Waiting for events…' : 'Not connected.')
            : v.events
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
      ),
    )
  }
  return { render, closeLogs, rerender: () => last && render(last) }
}
