/**
 * The cluster as the dashboard shows it: nodes, pods, services (when the server has them), their
 * usage over the last minutes and a live event feed, all of them or one namespace's. Lists are
 * read page by page (past the server's page size), re-read after events (at most every 300 ms)
 * and saved, so a reload while the server is down still shows the last known cluster.
 */
import type { Schema } from '@stark/client'
import type { WatchEventView } from '@stark/shared'
import type { Api } from './api'
import type { KeyValueStore } from '../runtime/idb'
import { listAll } from './paged'
import { createUsage, EMPTY_USAGE, type UsageView } from './usage'

/** The list items the dashboard shows: the REST views as the API documents them. */
export type NodeItem = Schema<'Node'>
export type PodItem = Schema<'Pod'>
export type ServiceItem = Schema<'Service'>

export interface ClusterView {
  nodes: NodeItem[]
  pods: PodItem[]
  /** null: the server has no services API (the panel hides). */
  services: ServiceItem[] | null
  events: WatchEventView[]
  /** The namespace shown (undefined: all the user may see) and the ones to choose from. */
  namespace?: string | undefined
  namespaces: string[]
  usage: UsageView
  live: boolean
  error?: string
  savedAt: number
}

const EMPTY: ClusterView = {
  nodes: [],
  pods: [],
  services: null,
  events: [],
  namespaces: [],
  usage: EMPTY_USAGE,
  live: false,
  savedAt: 0,
}

export function createCluster(api: Api, store: KeyValueStore<ClusterView>) {
  let view: ClusterView = EMPTY
  const listeners = new Set<(v: ClusterView) => void>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let loading = false
  let again = false
  let hasServices: boolean | undefined
  let historyLoaded = false
  const usage = createUsage(api)
  const inNamespace = () => (view.namespace ? { namespace: view.namespace } : {})

  const emit = () => {
    for (const l of listeners) l(view)
  }

  async function services(): Promise<ServiceItem[] | null> {
    if (hasServices === false) return null
    try {
      const r = await listAll(api.rest, '/api/services', inNamespace())
      hasServices = true
      return r
    } catch (error) {
      if ((error as { status?: number }).status === 404) hasServices = false
      return hasServices ? view.services : null
    }
  }

  async function load() {
    if (loading) return void (again = true)
    loading = true
    try {
      const [nodes, pods, svc, namespaces] = await Promise.all([
        listAll(api.rest, '/api/nodes'),
        listAll(api.rest, '/api/pods', inNamespace()),
        services(),
        api.rest
          .get('/api/namespaces')
          .then((r) => r.items)
          .catch(() => undefined),
        usage.load(view.namespace).catch(() => false),
      ])
      view = {
        ...view,
        nodes,
        pods,
        services: svc,
        namespaces: namespaces?.map((n) => n.name) ?? view.namespaces,
        usage: usage.view,
        savedAt: Date.now(),
      }
      if (!historyLoaded) {
        // Events start from the recent history; live ones are added in front as they come.
        const past = await api.rest.get('/api/events', { query: { limit: 50 } }).catch(() => undefined)
        if (past) {
          historyLoaded = true
          const seen = new Set(view.events.map((e) => e.id))
          view = { ...view, events: [...view.events, ...past.items.filter((e) => !seen.has(e.id)).reverse()].slice(0, 100) }
        }
      }
      delete view.error
      void store.put('cluster', { ...view, usage: EMPTY_USAGE, live: false }).catch(() => {})
    } catch (error) {
      const status = (error as { status?: number }).status
      view = {
        ...view,
        error: status
          ? (error as Error).message
          : 'The server cannot be reached: this is the last known state; it updates once the server is back.',
      }
    } finally {
      loading = false
      emit()
      if (again) {
        again = false
        schedule()
      }
    }
  }

  function schedule() {
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      void load()
    }, 300)
  }

  return {
    get view() {
      return view
    },
    on(fn: (v: ClusterView) => void) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    async restore() {
      const saved = await store.get('cluster').catch(() => undefined)
      if (saved && view.savedAt === 0) view = { ...EMPTY, ...saved, live: false }
      emit()
    },
    refresh: load,
    /** Re-reads the usage samples alone (the charts move while nothing else happens). */
    async refreshUsage() {
      if (await usage.load(view.namespace).catch(() => false)) {
        view = { ...view, usage: usage.view }
        emit()
      }
    },
    /** Shows one namespace (undefined: all) and reloads. */
    setNamespace(namespace: string | undefined) {
      if (namespace === view.namespace) return
      view = { ...view, namespace, pods: [], services: view.services && [] }
      emit()
      void load()
    },
    event(e: WatchEventView) {
      view = { ...view, events: [e, ...view.events].slice(0, 100) }
      // A burst of events (hundreds of pods created) is drawn once, with the reload it causes.
      schedule()
    },
    setLive(live: boolean) {
      view = { ...view, live }
      emit()
      if (live) schedule()
    },
    reset() {
      historyLoaded = false
      view = EMPTY
      emit()
    },
  }
}
export type Cluster = ReturnType<typeof createCluster>
