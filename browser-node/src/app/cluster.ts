/**
 * The cluster as the dashboard shows it: nodes, pods, services (when the server has them) and a
 * live event feed. Lists are re-read after events (at most every 300 ms) and saved, so a reload
 * while the server is down still shows the last known cluster.
 */
import type { WatchEventView } from '@stark/shared'
import type { Api } from './api'
import type { KeyValueStore } from '../runtime/idb'

export interface NodeItem {
  id: string
  name: string
  runtime: string
  status: string
  labels: Record<string, string>
  allocatable: { cpu: number; memory: number; pods: number }
  allocated: { cpu: number; memory: number; pods: number }
  lastHeartbeatAt: string | null
}
export interface PodItem {
  id: string
  name: string
  namespace: string
  status: string
  reason: string | null
  message: string | null
  nodeName: string | null
  pack: { name: string; version: string }
  restarts: number
  service: string | null
  incarnation: number
}
export interface ServiceItem {
  name: string
  namespace?: string
  mode?: string
  pack?: { name: string; version: string }
  replicas?: number | null
  counts?: { desired: number; ready: number; current?: number }
}

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

  const emit = () => {
    for (const l of listeners) l(view)
  }

  async function services(): Promise<ServiceItem[] | null> {
    if (hasServices === false) return null
    try {
      const r = await api.get<{ items: ServiceItem[] } | ServiceItem[]>('/api/services')
      hasServices = true
      return Array.isArray(r) ? r : r.items
    } catch (error) {
      if ((error as { status?: number }).status === 404) hasServices = false
      return hasServices ? view.services : null
    }
  }

  async function load() {
    if (loading) return void (again = true)
    loading = true
    try {
      const [nodes, pods, svc] = await Promise.all([
        api.get<{ items: NodeItem[] }>('/api/nodes'),
        api.get<{ items: PodItem[] }>('/api/pods'),
        services(),
      ])
      view = { ...view, nodes: nodes.items, pods: pods.items, services: svc, savedAt: Date.now() }
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
      view = EMPTY
      emit()
    },
  }
}
export type Cluster = ReturnType<typeof createCluster>
