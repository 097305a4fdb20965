/**
 * A page's node as both entries build it: the app (index.html, with the dashboard) and the
 * node-only page a headless fleet opens (node.html). Reads nothing from the DOM but the two
 * containers it is given; shows nothing.
 */
import type { AgentRuntime, Labels, Logger } from '@stark/shared'
import { defaultNodeName, deviceFacts, deviceLabels, deviceResources, type DeviceFacts } from '../runtime/device'
import { watchDevice } from '../runtime/device-watch'
import { keyValueStore } from '../runtime/idb'
import { createBrowserRuntime, loadWorkerSource } from '../runtime/runtime'
import { createDeviceNode, type DeviceConfig, type DeviceNode, type DeviceSnapshot } from './device-node'
import type { JoinParams } from './fragment'
import type { TabElection, TabRole } from './tab-election'

export const AGENT_VERSION = '0.1.0'

/** The channel on which `stark fleet stop` asks the pages of its fleet to leave before it closes them. */
export const FLEET_CHANNEL = 'stark-fleet'
/** The fragment of the page that only says so on that channel (see `fleetLeavePage`). */
export const FLEET_LEAVE = '#fleet-leave'

export interface PageNodeOptions {
  link: JoinParams
  origin: string
  db: Promise<IDBDatabase>
  log: Logger
  /** Where pods' hidden sandbox frames go. */
  sandboxes: () => HTMLElement
  /** Where UI packs' visible frames go. */
  views: () => HTMLElement
}

export interface PageNode {
  node: DeviceNode
  /** The node's key in IndexedDB, and the name its tabs elect a runner under. */
  nodeKey: string
  facts: DeviceFacts
  baseLabels: Labels
  /** The name a new node gets when the link names none. */
  suggestedName: string
  /** Joins a node that is not joined yet at once (a headless page opened on a join link). */
  firstJoin: Pick<DeviceConfig, 'name' | 'labels'> | undefined
}

export function createPageNode(o: PageNodeOptions): PageNode {
  const { link } = o
  const facts = deviceFacts()
  const baseLabels = { ...deviceLabels(facts), ...link.labels }
  const workerSource = loadWorkerSource('/pack-worker.js')
  const device = watchDevice()
  const runtimes = new Map<string, AgentRuntime>()
  const runtime = (name: string) => {
    let r = runtimes.get(name)
    if (!r)
      runtimes.set(
        name,
        (r = createBrowserRuntime({
          name,
          workerSource,
          log: o.log.child({ node: name }),
          container: o.sandboxes,
          views: o.views,
          device,
        })),
      )
    return r
  }
  const nodeKey = link.headless && link.name ? `device:${link.name}` : 'device'
  const node = createDeviceNode({
    store: keyValueStore<DeviceSnapshot>(o.db, 'state'),
    key: nodeKey,
    // This server first, then the others the join link listed.
    serverUrl: [o.origin, ...(link.servers ?? []).filter((u) => u !== o.origin)].join(','),
    runtime,
    allocatable: deviceResources(facts),
    baseLabels,
    log: o.log,
    agentVersion: AGENT_VERSION,
  })
  const suggestedName = link.name ?? defaultNodeName(facts, Math.random().toString(36).slice(2, 6))
  const firstJoin = link.token && link.headless ? { name: suggestedName, labels: link.labels } : undefined
  return { node, nodeKey, facts, baseLabels, suggestedName, firstJoin }
}

/**
 * Runs the node in this tab while it is the elected runner (or the only one), stands by otherwise.
 * `credential` gives the join link's token the first time it is asked, then nothing.
 */
export function runWhenElected(page: PageNode, election: TabElection, credential: () => Promise<string | undefined>): () => void {
  const onRole = (role: TabRole) => {
    if (role === 'runner' || role === 'solo') void page.node.runHere(credential, page.firstJoin)
    else if (role === 'standby') void page.node.standby()
  }
  const off = election.on(onRole)
  onRole(election.role)
  return off
}

/** A fleet page closed by `stark fleet stop` leaves on purpose: its pods are replaced at once. */
export function leaveWithFleet(node: DeviceNode): void {
  new BroadcastChannel(FLEET_CHANNEL).onmessage = (e) => e.data === 'leave' && node.depart()
  addEventListener('pagehide', () => node.depart())
}

/**
 * The page `stark fleet stop` opens: it only asks its fleet's pages to leave. A page being closed
 * cannot be relied on to get its last message out, so they leave while still open. True if this
 * page is that one (and has said so).
 */
export function fleetLeavePage(hash: string): boolean {
  if (hash !== FLEET_LEAVE) return false
  new BroadcastChannel(FLEET_CHANNEL).postMessage('leave')
  return true
}
