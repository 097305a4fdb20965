/**
 * Pod readiness for services. A pod is ready when it is Running on a Ready node — and, if its
 * pack declares readiness, once it has printed the line `stark:ready` (e.g.
 * `console.log('stark:ready')` when it can serve). A pack declares readiness simply by containing
 * that marker: the server looks for it in the bundle once per bundle (sha256).
 *
 * Output reaches the server through the agents' log stream, so this needs nothing new from agents.
 * The pods of such packs are followed from the moment they are bound (before they can print
 * anything). Readiness lives in memory: after a server restart, pods that were already running
 * count as ready (their line was printed before).
 */
import type { Clock, Logger } from '@stark/shared'
import { shallowReactive, shallowRef, triggerRef } from '@vue/reactivity'
import type { SqlClient } from '../db/sql'
import type { LogStore } from '../pods/log-store'
import type { ClusterState } from '../state/cluster-state'
import type { PodRecord } from '../store/records'

export const READY_MARKER = 'stark:ready'

export interface ReadinessDeps {
  state: ClusterState
  logs: Pick<LogStore, 'follow'>
  /** Whether a bundle contains the marker (looked up once per bundle). */
  declares(sha256: string): Promise<boolean>
  clock: Clock
  log: Logger
}

/** Looks for the marker in a stored bundle, in SQL (the bundle never leaves the database). */
export function bundleDeclaresReadiness(db: SqlClient) {
  return async (sha256: string): Promise<boolean> => {
    const rows = await db.query<{ declares: boolean }>(
      `select position(convert_to($2, 'UTF8') in content) > 0 as declares from bundles where sha256 = $1`,
      [sha256, READY_MARKER],
    )
    return rows[0]?.declares ?? false
  }
}

const runKey = (p: PodRecord) => `${p.id}:${p.incarnation}`

export function createReadiness(deps: ReadinessDeps) {
  const { state, clock } = deps
  const serverStart = clock.now()
  // Read reactively (readySince inside a computed view follows both): the bundle answers are a
  // plain map behind a shallow ref, triggered when a lookup settles (a pending lookup is stored
  // while a view is computing, which must not wake that view); the runs that said they are ready
  // are a shallow-reactive map.
  const declared = shallowRef(new Map<string, boolean | Promise<boolean>>()) // sha256 → declares?
  const readyAt = shallowReactive(new Map<string, number>()) // run key → when it said so
  const follows = new Map<string, { incarnation: number; off: () => void }>()

  /** true / false, or undefined while the bundle is being looked at (the views follow). */
  function declares(pod: PodRecord): boolean | undefined {
    const sha = state.packs.get(pod.packId)?.sha256
    if (!sha) return false
    const known = declared.value.get(sha)
    if (typeof known === 'boolean') return known
    if (!known) {
      const lookup = deps.declares(sha).then(
        (yes) => {
          declared.value.set(sha, yes)
          return yes
        },
        (error: unknown) => {
          declared.value.delete(sha)
          deps.log.warn('could not read a bundle for its readiness marker', { sha256: sha, error: String(error) })
          return false
        },
      )
      declared.value.set(sha, lookup)
      void lookup.then(() => {
        const current = state.pods.get(pod.id)
        if (current) track(current)
        triggerRef(declared)
      })
    }
    return undefined
  }

  function unfollow(podId: string) {
    follows.get(podId)?.off()
    follows.delete(podId)
  }

  /** Follows the output of a bound run of a pack that declares readiness; forgets finished runs. */
  function track(pod: PodRecord | undefined, prev?: PodRecord) {
    if (prev && (!pod || pod.incarnation !== prev.incarnation)) readyAt.delete(runKey(prev))
    if (!pod?.spec.service) {
      if (prev) unfollow(prev.id)
      return
    }
    const bound = pod.nodeId !== null && (pod.status === 'Scheduled' || pod.status === 'Running')
    if (!bound || pod.deletedAt !== null) return unfollow(pod.id)
    if (follows.get(pod.id)?.incarnation === pod.incarnation) return
    if (declares(pod) !== true) return
    unfollow(pod.id)
    const incarnation = pod.incarnation
    const off = deps.logs.follow(pod.id, (line) => {
      if (line.incarnation !== incarnation || line.line.trim() !== READY_MARKER) return
      const current = state.pods.get(pod.id)
      if (!current || current.incarnation !== incarnation || readyAt.has(runKey(current))) return
      readyAt.set(runKey(current), clock.now())
    })
    follows.set(pod.id, { incarnation, off })
  }

  for (const p of state.pods.values()) track(p)
  const offPods = state.onPodChange((prev, next) => track(next, prev))

  return {
    /**
     * When the pod's current run became ready, or null. `nodeReady`: its node is Ready now.
     */
    readySince(pod: PodRecord, nodeReady: boolean): number | null {
      if (pod.status !== 'Running' || !nodeReady || pod.startedAt === null) return null
      const d = declares(pod)
      if (d === undefined) return null
      if (!d) return pod.startedAt
      const at = readyAt.get(runKey(pod))
      if (at !== undefined) return Math.max(at, pod.startedAt)
      return pod.startedAt < serverStart ? pod.startedAt : null
    },
    /** Whether the pod's pack declares readiness (undefined: not known yet). */
    declares,
    close() {
      offPods()
      for (const f of follows.values()) f.off()
      follows.clear()
    },
  }
}
export type Readiness = ReturnType<typeof createReadiness>
