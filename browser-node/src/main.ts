/**
 * The PWA's composition root: reads a join link, restores this device's node and the last known
 * cluster from IndexedDB (shown at once, also offline), starts the agent in the page, and shows
 * the dashboard to a signed-in user. The service worker only caches; the agent never lives there.
 */
import type { ClusterView, DeviceSnapshot } from './types'
import { createApi, type Session } from './app/api'
import { createCluster } from './app/cluster'
import { consoleLogger } from './app/console-logger'
import { fragmentAfterJoin, parseFragment } from './app/fragment'
import { createPageNode, fleetLeavePage, leaveWithFleet, runWhenElected } from './app/page-node'
import { createTabElection } from './app/tab-election'
import { watchEvents, type Watch } from './app/watch'
import { keyValueStore, openDatabase } from './runtime/idb'
import { clusterPanel } from './ui/cluster-panel'
import { devicePanel } from './ui/device-panel'
import { h, mount } from './ui/dom'
import { loginPanel } from './ui/login'
import { secureOriginNotice } from './ui/secure-origin-notice'
import { registerServiceWorker } from './ui/update-prompt'
import './ui/styles.css'

async function main() {
  // A fleet's pages open node.html, the node alone; this app still answers the same links.
  if (fleetLeavePage(location.hash)) return
  const link = parseFragment(location.hash)
  // The token must not stay in the address bar, the history, or a bookmark.
  history.replaceState(null, '', location.pathname + location.search + fragmentAfterJoin(link))
  const origin = location.origin
  // The agent logs why the server closed or refused; the device panel shows it.
  let node: ReturnType<typeof createPageNode>['node'] | undefined
  const log = consoleLogger({}, link.headless ? 'warn' : 'info', (_level, msg, f) => {
    if (msg === 'disconnected from server' && typeof f.reason === 'string') node?.note(f.reason)
    else if (msg === 'server reported an error' && typeof f.message === 'string') node?.note(f.message)
  })
  const db = openDatabase()

  const app = document.getElementById('app')!
  const banner = h('div#update-banner', { hidden: true })
  const sandboxes = h('div#sandboxes', { hidden: true })
  const deviceRoot = h('section#device', { class: 'card device' })
  const viewsRoot = h('section#views', { class: 'card views', hidden: true })
  const userBox = h('div.user')
  const clusterRoot = h('div#cluster')
  mount(
    app,
    h(
      'header',
      h('h1', h('img', { src: '/icon.svg', alt: '' }), 'Stark'),
      link.headless ? h('span.tag', 'headless node') : userBox,
    ),
    banner,
    h(
      'main',
      h('div.side', deviceRoot, !isSecureContext && !link.headless ? secureOriginNotice(location) : null, viewsRoot),
      link.headless ? null : clusterRoot,
    ),
    sandboxes,
  )
  // Headless pages (fleets) are compute, not an app to reload offline: no service worker for them.
  if (!link.headless) registerServiceWorker(banner)

  const page = createPageNode({ link, origin, db, log, sandboxes: () => sandboxes, views: () => viewsRoot })
  node = page.node
  const api = createApi(origin, keyValueStore<Session>(db, 'session'))
  let joinToken = link.token
  const credential = async () => {
    if (joinToken) {
      const t = joinToken
      joinToken = undefined
      return t
    }
    return api.accessToken()
  }
  await node.restore()
  const election = createTabElection(navigator.locks, `stark-node:${page.nodeKey}`)
  devicePanel(deviceRoot, {
    node,
    credential,
    suggestedName: page.suggestedName,
    baseLabels: page.baseLabels,
    headless: link.headless,
    election,
  })
  await api.load()

  // One tab runs this identity's node; the others stand by (and take over when it closes).
  runWhenElected(page, election, () => (joinToken ? credential() : Promise.resolve(undefined)))
  if (link.headless) return leaveWithFleet(node)

  // The dashboard, for a signed-in user.
  const cluster = createCluster(api, keyValueStore<DeviceSnapshot & ClusterView>(db, 'state'))
  const panel = clusterPanel(clusterRoot, api, {
    who: () => ({ role: api.session?.role, id: api.session?.id }),
    refresh: () => void cluster.refresh(),
    setNamespace: (ns) => cluster.setNamespace(ns),
  })
  cluster.on(panel.render)
  let watch: Watch | undefined
  const onSession = (s: Session | undefined) => {
    watch?.close()
    watch = undefined
    mount(
      userBox,
      s ? [h('span', s.email), h('button.small', { id: 'logout', onclick: () => void api.logout() }, 'Sign out')] : null,
    )
    if (!s) {
      cluster.reset()
      panel.closeLogs()
      return loginPanel(clusterRoot, api)
    }
    void cluster.restore().then(() => cluster.refresh())
    watch = watchEvents(origin, () => api.accessToken(), { event: cluster.event, status: cluster.setLive })
  }
  api.onSession(onSession)
  onSession(api.session)
  // The usage charts move with the heartbeats even when no event comes.
  setInterval(() => {
    if (api.session && document.visibilityState === 'visible') void cluster.refreshUsage()
  }, 5000)
}

void main().catch((error: unknown) => {
  console.error('[stark] the app failed to start', error)
  document.getElementById('app')?.replaceChildren(`Stark could not start: ${String(error)}`)
})
