/**
 * The cluster as the dashboard shows it: nodes, pods, services (when the server has them) and a
 * live event feed. Lists are re-read after events (at most every 300 ms) and saved, so a reload
 * while the server is down still shows the last known cluster.
 */
import type { Schema } from '@stark/client'
import type { WatchEventView } from '@stark/shared'
import type { Api } from './api'
import type { KeyValueStore } from '../runtime/idb'

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
  live: boolean
  error?: string
  savedAt: number
}

const EMPTY: ClusterView = { nodes: [], pods: [], services: null, events: [], live: false, savedAt: 0 }

export function createCluster(api: Api, store: KeyValueStore<ClusterView>) {
  let view: ClusterView = EMPTY
  const listeners = new Set<(v: ClusterView) => void>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let loading = false
  let again = false
  let hasServices: boolean | undefined
  let historyLoaded = false

  const emit = () => {
    for (const l of listeners) l(view)
  }

  async function services(): Promise<ServiceItem[] | null> {
    if (hasServices === false) return null
    try {
      const r = await api.rest.get('/api/services', { query: { limit: 1000 } })
      hasServices = true
      return r.items
    } catch (error) {
      if ((error as { status?: number }).status === 404) hasServices = false
      return hasServices ? view.services : null
    }
  }

  async function load() {
    if (loading) return void (again = true)
    loading = true
    try {
      const [nodes, pods, svc] = await Promise.all([api.rest.get('/api/nodes'), api.rest.get('/api/pods'), services()])
      view = { ...view, nodes: nodes.items, pods: pods.items, services: svc, savedAt: Date.now() }
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
      void store.put('cluster', { ...view, live: false }).catch(() => {})
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
    event(e: WatchEventView) {
      view = { ...view, events: [e, ...view.events].slice(0, 100) }
      emit()
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
