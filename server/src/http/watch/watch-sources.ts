/**
 * Feeds the change log from where each kind changes: pods and nodes from the cluster state's change
 * set (synchronously, so a list read in the same turn and the log's revision agree), services from
 * their store, and also when what their list shows changes without the record changing (their pods,
 * ready counts) — gathered per microtask and recorded only when the view differs —, events from the
 * bus as they commit (a repeat of an event is a change of it).
 */
import type { Clock, Timer } from '@stark/shared'
import { watch } from '@vue/reactivity'
import { createPacer, type Pacer } from '../../controllers/pacer'
import type { Services } from '../../services/services'
import type { ClusterState } from '../../state/cluster-state'
import type { EventBus } from '../../state/event-bus'
import { watchChanges } from '../../state/watch-changes'
import type { EventRecord } from '../../store/records'
import type { ServiceRecord } from '../../store/services'
import type { ChangeLog } from './change-log'

export interface WatchSourceDeps {
  state: ClusterState
  services: Pick<Services, 'store' | 'ready' | 'view'>
  bus: EventBus
  log: ChangeLog
  clock: Pick<Clock, 'now' | 'setTimeout'>
  /**
   * Paces rebuilding a service's row by what it costs (a service of 10,000 replicas, as its pods
   * bind one batch after another): default at most a fifth of the time per service.
   */
  pacer?: Pacer
}

export function startWatchSources(deps: WatchSourceDeps): () => void {
  const { state, log, services, clock } = deps
  const { store } = services
  const pacer = deps.pacer ?? createPacer({ clock })
  /** Services whose row waits for its paced turn (one timer each). */
  const held = new Map<string, Timer>()

  // What each service's list row last said, so a derived change is recorded once.
  const shown = new Map<string, string>()
  const dirty = new Set<string>()
  let flushing = false
  const flush = () => {
    flushing = false
    for (const id of dirty) {
      if (held.has(id)) continue
      const wait = pacer.wait(id)
      if (wait > 0) {
        held.set(
          id,
          clock.setTimeout(() => {
            held.delete(id)
            touch(id)
          }, wait),
        )
        continue
      }
      const s = store.get(id)
      if (!s) continue
      pacer.run(id, () => {
        const text = JSON.stringify(services.view(s))
        if (shown.get(id) === text) return
        const before = shown.has(id)
        shown.set(id, text)
        if (before) log.record<ServiceRecord>('services', s, s)
      })
    }
    dirty.clear()
  }
  const touch = (id: string) => {
    dirty.add(id)
    if (flushing) return
    flushing = true
    queueMicrotask(flush)
  }
  for (const s of store.all()) shown.set(s.id, JSON.stringify(services.view(s)))

  const offState = watchChanges(state.changes, {
    node: (prev, next) => log.record('nodes', prev, next),
    pod(prev, next) {
      log.record('pods', prev, next)
      const id = (next ?? prev)!.spec.service?.id
      if (id) touch(id)
    },
  })
  const offServices = store.onChange((prev, next) => {
    if (next) shown.set(next.id, JSON.stringify(services.view(next)))
    else if (prev) shown.delete(prev.id)
    log.record('services', prev, next)
  })
  let readyQueued = false
  const readyWatch = watch(
    () => services.ready.all(),
    (next, prev) => {
      for (const [id, n] of next) if (prev?.get(id) !== n) touch(id)
    },
    {
      scheduler(job) {
        if (readyQueued) return
        readyQueued = true
        queueMicrotask(() => {
          readyQueued = false
          job()
        })
      },
    },
  )
  // An event seen again (same id) is a repeat: its count and last time changed.
  const seen = new Map<number, EventRecord>()
  const offBus = deps.bus.subscribe((e) => {
    const prev = seen.get(e.id)
    seen.set(e.id, e)
    if (seen.size > 4096) seen.delete(seen.keys().next().value!)
    log.record<EventRecord>('events', prev ?? (e.count > 1 ? e : undefined), e)
  })

  return () => {
    offState()
    offServices()
    readyWatch.stop()
    offBus()
    for (const timer of held.values()) timer.cancel()
    held.clear()
  }
}
