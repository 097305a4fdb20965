/**
 * What must hold in the controller simulation, checked after every tick of simulated time:
 * - a pod does not stay bound to a node that is not Ready past its eviction time (a bounded
 *   mass-outage pause and its unreachable toleration aside, and the start-up grace, which covers
 *   only nodes that were Ready before the restart and have not reconnected since), nor on a Ready
 *   node past an untolerated (or no longer tolerated) NoExecute taint;
 * - a pod on a node that left on purpose or was deleted is replaced at once: no eviction delay,
 *   no grace, no pause; and such a node is never among the nodes a mass outage caught down;
 * - a service never has more than replicas + maxSurge pods bound, a DaemonSet never two on a node;
 * - no pod or service loops: bindings per simulated minute are bounded by what happened in it;
 * - every service converges within a bound whenever the nodes up allow it.
 * The checker reads the server's state; it keeps its own record of when things started.
 */
import { tolerates, type Taint, type Toleration } from '@stark/shared'
import type { PodRecord } from '../store/records'
import type { SimCluster } from './sim-cluster'
import type { ServiceSpec } from './sim-scenario'

export const UNREACHABLE: Taint = { key: 'stark.io/unreachable', effect: 'NoExecute' }
/** Slack for work that happens on the next tick or two. */
const SLACK_MS = 2_000
/** How long a mass-outage pause may hold evictions. */
export const MAX_OUTAGE_PAUSE_MS = 2 * 60_000
/** How long a service may take to converge once the cluster stops changing and capacity allows. */
export const CONVERGE_WITHIN_MS = 3 * 60_000
/** Bindings of one pod within a simulated minute, at most (the first restart is immediate, then the back-off doubles from 1 s: 8). */
const POD_BINDINGS_PER_MINUTE = 9

const bound = (p: PodRecord) => p.deletedAt === null && (p.status === 'Scheduled' || p.status === 'Running')

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation'
}

function toleratedFor(tolerations: readonly Toleration[], taint: Taint): { ok: boolean; ms: number } {
  const used = tolerations.filter((t) => tolerates(t, taint))
  if (used.length === 0) return { ok: false, ms: 0 }
  const seconds = used.map((t) => t.tolerationSeconds).filter((s): s is number => s !== undefined)
  return { ok: true, ms: seconds.length ? Math.min(...seconds) * 1000 : Infinity }
}

export function createChecker(c: SimCluster, services: readonly ServiceSpec[]) {
  const evictAfterMs = c.config.nodeHealth.evictAfterMs ?? 500
  const startupGraceMs = c.config.nodeHealth.startupGraceMs ?? 30_000
  const notReadySince = new Map<string, number>()
  const underTaint = new Map<string, number>()
  const bindings: { at: number; pod: string; service: string }[] = []
  const opTimes: number[] = []
  let pausedAt: number | undefined
  let lastChange = c.now()
  const unconvergedSince = new Map<string, number>()
  /** Nodes in this server's start-up grace: Ready before the restart, not reconnected since. */
  let inGrace = new Set<string>()
  /** Pods bound to a node that no longer exists, and since when. */
  const orphanedSince = new Map<string, number>()
  /** When each node was deleted. */
  const deletedAt = new Map<string, number>()
  let outageSeen: number | undefined

  c.onGeneration((g) => {
    // While the observers run, the cluster still holds the server that stopped.
    const before = c.generation
    inGrace =
      before === g ? new Set() : new Set([...before.state.nodes.values()].filter((n) => n.status === 'Ready').map((n) => n.id))
    outageSeen = undefined
    g.state.onNodeChange((prev, next) => {
      if (next?.status === 'Ready') inGrace.delete(next.id)
      if (prev && !next) deletedAt.set(prev.id, g.clock.now())
    })
    g.state.onPodChange((prev, next) => {
      if (next && next.status === 'Scheduled' && (prev?.status !== 'Scheduled' || prev.incarnation !== next.incarnation)) {
        bindings.push({ at: g.clock.now(), pod: next.id, service: next.spec.service?.name ?? next.name })
      }
    })
    g.server.deps.bus.subscribe((e) => {
      if (e.type === 'EvictionsPaused') pausedAt ??= e.createdAt
      if (e.type === 'EvictionsResumed') pausedAt = undefined
    })
    pausedAt = undefined
  })

  const fail = (what: string) => {
    throw new InvariantViolation(`at +${Math.round((c.now() - c.generation.startedAt) / 100) / 10}s of this server: ${what}`)
  }

  function checkNodes(now: number) {
    const { state, startedAt } = c.generation
    for (const node of state.nodes.values()) {
      if (node.status === 'Ready') {
        notReadySince.delete(node.id)
        for (const pod of state.podsOnNode(node.id).filter(bound)) {
          for (const taint of node.taints.filter((t) => t.effect === 'NoExecute')) {
            const key = `${pod.id}:${pod.incarnation}:${taint.key}`
            const since = underTaint.get(key) ?? now
            underTaint.set(key, since)
            const t = toleratedFor(pod.spec.tolerations, taint)
            if (now - since > t.ms + SLACK_MS) {
              fail(
                `pod ${pod.name} (${pod.status}) stays on ${node.name} ${Math.round((now - since) / 1000)} s under NoExecute taint ${taint.key}, tolerated for ${t.ok ? `${t.ms / 1000} s` : 'no time'}`,
              )
            }
          }
        }
        continue
      }
      const since = notReadySince.get(node.id) ?? now
      notReadySince.set(node.id, since)
      for (const pod of state.podsOnNode(node.id).filter(bound)) {
        if (node.statusReason === 'Left') {
          if (now - since > SLACK_MS)
            fail(
              `pod ${pod.name} stays ${pod.status} on node ${node.name}, ${Math.round((now - since) / 1000)} s after it left on purpose`,
            )
          continue
        }
        const t = toleratedFor(pod.spec.tolerations, UNREACHABLE)
        const delay = t.ok ? Math.max(t.ms, evictAfterMs) : evictAfterMs
        const graceUntil = inGrace.has(node.id) ? startedAt + startupGraceMs : -Infinity
        let due = Math.max(since, graceUntil) + delay + SLACK_MS
        if (pausedAt !== undefined) due = Math.max(due, pausedAt + MAX_OUTAGE_PAUSE_MS + SLACK_MS)
        if (now > due)
          fail(
            `pod ${pod.name} stays ${pod.status} on ${node.status} node ${node.name}, ${Math.round((now - since) / 1000)} s after it stopped being Ready`,
          )
      }
    }
  }

  /** Pods of deleted nodes end at once; nodes that left or were deleted never make a mass outage. */
  function checkRemoved(now: number) {
    const { state, server } = c.generation
    const orphans = new Set<string>()
    for (const pod of state.pods.values()) {
      if (!bound(pod) || !pod.nodeId || state.nodes.has(pod.nodeId)) continue
      orphans.add(pod.id)
      const since = orphanedSince.get(pod.id) ?? deletedAt.get(pod.nodeId) ?? now
      orphanedSince.set(pod.id, since)
      if (now - since > SLACK_MS)
        fail(`pod ${pod.name} stays ${pod.status} on a deleted node, ${Math.round((now - since) / 1000)} s after`)
    }
    for (const id of orphanedSince.keys()) if (!orphans.has(id)) orphanedSince.delete(id)
    const outage = server.deps.nodeHealth.massOutage()
    if (!outage || outage.since === outageSeen) return
    outageSeen = outage.since
    const left = outage.nodes
      .map((name) => state.nodeByName(name))
      .filter((n) => n && n.status !== 'Ready' && n.statusReason === 'Left')
    if (left.length) fail(`a mass outage caught ${left.map((n) => n!.name).join(', ')}, which left on purpose`)
  }

  function checkCounts() {
    const { state, server } = c.generation
    for (const s of server.deps.services.store.all()) {
      const pods = server.deps.services.store.pods(s.id).filter(bound)
      if (s.mode === 'replicas' && pods.length > s.replicas + s.maxSurge) {
        fail(`service ${s.name} has ${pods.length} pods bound, more than replicas ${s.replicas} + maxSurge ${s.maxSurge}`)
      }
      if (s.mode === 'daemonset') {
        const nodes = pods.map((p) => p.nodeId)
        const twice = nodes.find((n, i) => nodes.indexOf(n) !== i)
        if (twice) fail(`DaemonSet ${s.name} has two pods bound on node ${state.nodes.get(twice)?.name}`)
      }
    }
  }

  function checkLoops(now: number) {
    while (bindings.length && now - bindings[0]!.at > 60_000) bindings.shift()
    const ops = opTimes.filter((t) => now - t <= 60_000).length
    const perPod = new Map<string, number>()
    const perService = new Map<string, number>()
    for (const b of bindings) {
      perPod.set(b.pod, (perPod.get(b.pod) ?? 0) + 1)
      perService.set(b.service, (perService.get(b.service) ?? 0) + 1)
    }
    for (const [pod, n] of perPod)
      if (n > POD_BINDINGS_PER_MINUTE)
        fail(`pod ${c.generation.state.pods.get(pod)?.name ?? pod} was bound ${n} times in a simulated minute`)
    const nodes = c.generation.state.nodes.size
    for (const [service, n] of perService) {
      const spec = services.find((x) => x.name === service)
      const pods = spec && spec.replicas > 0 ? spec.replicas : nodes
      const limit = Math.max(1, pods) * POD_BINDINGS_PER_MINUTE + 2 * (3 + nodes) * ops
      if (n > limit)
        fail(
          `service ${service}'s pods were bound ${n} times in a simulated minute with ${ops} operations in it (limit ${limit})`,
        )
    }
  }

  /** Where a service's pods may run for good now: the nodes up whose taints it tolerates for ever. */
  function homes(spec: ServiceSpec) {
    return [...c.agents.values()].flatMap((a) => {
      const node = a.state === 'up' && a.nodeId ? c.generation.state.nodes.get(a.nodeId) : undefined
      if (node?.status !== 'Ready' || (spec.replicas > 0 && node.unschedulable)) return []
      const fits = node.taints.every((t) => t.effect === 'PreferNoSchedule' || toleratedFor(spec.tolerations, t).ms === Infinity)
      return fits ? [node] : []
    })
  }

  /** Whether a service has what it wants, or cannot have it now ('no-capacity'). */
  function convergence(spec: ServiceSpec): 'converged' | 'behind' | 'no-capacity' {
    const { state, server } = c.generation
    const s = server.deps.services.store.all().find((x) => x.name === spec.name)
    if (!s) return 'behind'
    // A pack that always fails never converges; its back-off is what is checked.
    if (spec.crashes) return 'no-capacity'
    const running = server.deps.services.store
      .pods(s.id)
      .filter((p) => p.deletedAt === null && p.status === 'Running' && state.nodes.get(p.nodeId ?? '')?.status === 'Ready')
    const at = homes(spec)
    if (spec.replicas > 0) {
      if (at.length === 0) return 'no-capacity'
      return running.length >= spec.replicas ? 'converged' : 'behind'
    }
    return at.every((n) => running.some((p) => p.nodeId === n.id)) ? 'converged' : 'behind'
  }

  function checkConvergence(now: number) {
    for (const spec of services) {
      const v = convergence(spec)
      if (v !== 'behind') {
        unconvergedSince.delete(spec.name)
        continue
      }
      const since = Math.max(unconvergedSince.get(spec.name) ?? now, lastChange)
      unconvergedSince.set(spec.name, since)
      if (now - since > CONVERGE_WITHIN_MS)
        fail(`service ${spec.name} has not converged ${Math.round((now - since) / 1000)} s after the cluster last changed`)
    }
  }

  return {
    /** An operation happened now: convergence counts from here, and loops may bind more. */
    noteOp() {
      lastChange = c.now()
      opTimes.push(lastChange)
    },
    check() {
      const now = c.now()
      checkNodes(now)
      checkRemoved(now)
      checkCounts()
      checkLoops(now)
      checkConvergence(now)
    },
    /** Whether every service has what it wants or cannot have it now. */
    converged: () => services.every((spec) => convergence(spec) !== 'behind'),
    /** At the end: every service with capacity has converged. */
    assertConverged() {
      for (const spec of services) if (convergence(spec) === 'behind') fail(`service ${spec.name} has not converged at the end`)
    },
  }
}
