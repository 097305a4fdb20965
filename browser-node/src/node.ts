/**
 * The node-only page a headless fleet opens (node.html): the agent core and the browser runtime,
 * nothing else — no dashboard, no styles, fonts or images, no service worker. One page is one
 * node, with its own identity (`device:<name>` in IndexedDB, its own Web Lock), so the pages of a
 * fleet never wait on each other. A line of text says how the node is doing.
 */
import { consoleLogger } from './app/console-logger'
import { fragmentAfterJoin, parseFragment } from './app/fragment'
import { createPageNode, fleetLeavePage, leaveWithFleet, runWhenElected } from './app/page-node'
import { createTabElection } from './app/tab-election'
import { openDatabase } from './runtime/idb'

async function main() {
  if (fleetLeavePage(location.hash)) return
  const link = parseFragment(location.hash)
  // The token must not stay in the address bar or the history; a reload comes back as `#node=<name>`.
  history.replaceState(null, '', location.pathname + location.search + fragmentAfterJoin({ ...link, headless: true }))
  const status = document.getElementById('status')!
  const page = createPageNode({
    link: { ...link, headless: true },
    origin: location.origin,
    db: openDatabase(),
    log: consoleLogger({}, 'warn'),
    sandboxes: () => document.getElementById('sandboxes')!,
    views: () => document.getElementById('views')!,
  })
  page.node.on((s) => {
    const text = `${s.config.name || 'node'}: ${s.state}${s.detail ? ` (${s.detail})` : ''}${s.problem ? ` — ${s.problem}` : ''}`
    if (status.textContent !== text) status.textContent = text
  })
  await page.node.restore()
  let token = link.token
  const credential = async () => {
    const t = token
    token = undefined
    return t
  }
  runWhenElected(page, createTabElection(navigator.locks, `stark-node:${page.nodeKey}`), credential)
  leaveWithFleet(page.node)
}

void main().catch((error: unknown) => {
  console.error('[stark] the node failed to start', error)
  const status = document.getElementById('status')
  if (status) status.textContent = `Stark could not start: ${String(error)}`
})
