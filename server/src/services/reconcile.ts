/**
 * reconcileService(key): the thin, impure half of the service controller. It reads the service,
 * its pods and the nodes, asks the pure planner what to do, and applies the answer in ONE write
 * (which re-reads the service row in the transaction and gives up if the desired state moved on
 * meanwhile). Messages to nodes go after the commit. It never waits: a time-based change (a pod
 * becoming available) comes back as `requeueAfter`.
 */
import type { Clock, Logger, Rng } from '@stark/shared'
import type { ReconcileResult } from '../controllers/work-queue'
import type { WeightedPlugin } from '../scheduler/types'
import type { ClusterState } from '../state/cluster-state'
import type { Tx, WriteQueue } from '../state/write-queue'
import type { PackRecord, PodRecord } from '../store/records'
import { serviceRevisionsRepo } from '../store/service-revisions'
import { servicesRepo, type ServiceRecord } from '../store/services'
import { planNodes } from './node-fit'
import { planService, type PlanNode, type ServicePlan } from './plan'
import { isAvailable, isLive, isUpdated, occupiesNode } from './plan-pods'
import type { Readiness } from './readiness'
import { condition, retarget } from './service-changes'
import { nameList, packLabel, revisionLabels, serviceEvent } from './service-events'
import { mislabeled, relabelPods } from './service-labels'
import { putServicePod, removeServicePod, servicePod, servicePodName } from './service-pods'
import type { ServiceStore } from './service-store'
import { sameVersion, versionOf } from './service-template'

export interface RolloutFailures {
  get(serviceId: string): { count: number; last?: string | undefined } | undefined
  reset(serviceId: string): void
  /** A run of an up-to-date pod became available (a success resets the count). */
  noteAvailable(serviceId: string, runKey: string): void
}

export interface ReconcileDeps {
  state: ClusterState
  services: ServiceStore
  writes: WriteQueue
  readiness: Readiness
  plugins: readonly WeightedPlugin[]
  failures: RolloutFailures
  clock: Clock
  rng: Rng
  log: Logger
  newId(): string
  /** After commit: send a bound pod to its node. */
  /** After commit: stop a run on its node. */
  stop(pod: PodRecord, reason: string): void
  /** With follow-latest: the newest registered version of the service's pack, if newer than the current one. */
  newerPack(s: ServiceRecord): PackRecord | undefined
  /** DaemonSet nodes that cannot fit a pod now were last reported as (per service). */
  lastUnfit: Map<string, string>
}

const nodeReady = (state: ClusterState, nodeId: string | null) => nodeId !== null && state.nodes.get(nodeId)?.status === 'Ready'

/** Reads the service in the transaction; undefined when it changed since `expected` was read. */
async function current(tx: Tx, expected: ServiceRecord): Promise<ServiceRecord | undefined> {
  const row = await servicesRepo.get(tx.sql, expected.id)
  return row && row.generation === expected.generation && row.deletedAt === null && !row.paused ? row : undefined
}

export async function reconcileService(deps: ReconcileDeps, id: string): Promise<ReconcileResult> {
  const { state, services } = deps
  const s = services.get(id)
  if (!s) return removeOrphans(deps, id)
  if (s.deletedAt !== null) return finalizeDeletion(deps, s)
  if (s.paused) return {}

  const pods = services.pods(id)
  // Asked several times per pod while planning (counts, availability, the next wake): once each here.
  const readyAt = new Map<PodRecord, number | null>()
  const readySince = (p: PodRecord): number | null => {
    let at = readyAt.get(p)
    if (at === undefined) readyAt.set(p, (at = deps.readiness.readySince(p, nodeReady(state, p.nodeId))))
    return at
  }
  const now = deps.clock.now()
  const pack = state.packs.get(s.packId)
  let nodes = new Map<string, PlanNode>()
  if (s.mode === 'daemonset' && pack) {
    const served = new Set(
      pods.filter(isLive).flatMap((p) => ((p.nodeId ?? p.spec.service?.nodeId) ? [(p.nodeId ?? p.spec.service?.nodeId)!] : [])),
    )
    nodes = planNodes(state, deps.plugins, servicePod(s, { id: 'template', name: s.name }, now), pack, served)
  }
  for (const p of pods)
    if (s.rollout && isLive(p) && isUpdated(p, s) && isAvailable(p, s, readySince, now))
      deps.failures.noteAvailable(s.id, `${p.id}:${p.incarnation}`)
  const plan = planService({
    service: s,
    pods,
    nodes,
    now,
    readySince,
    rolloutFailures: s.rollout ? deps.failures.get(s.id) : undefined,
    newerPackId: s.followLatest ? deps.newerPack(s)?.id : undefined,
  })
  await apply(deps, s, pods, plan)
  return plan.wakeAt !== undefined ? { requeueAfter: plan.wakeAt - now } : {}
}

async function apply(deps: ReconcileDeps, s: ServiceRecord, pods: readonly PodRecord[], plan: ServicePlan): Promise<void> {
  const { state, services } = deps
  const label = (packId: string | null) => packLabel(state, packId, s.namespace)
  const unfit = plan.unschedulable.map((u) => `${u.node}: ${u.reason}`).join('; ')
  const unfitChanged = (deps.lastUnfit.get(s.id) ?? '') !== unfit
  const relabel = mislabeled(s, pods)
  // Complete: record the version as healthy and the service as available (a RolledBack condition stays, it says why).
  const settled = s.condition?.type === 'Available' || s.condition?.type === 'RolledBack'
  const needsHealthy =
    plan.complete && (s.rollout !== null || s.healthyPackId !== s.packId || s.healthyTemplateHash !== s.templateHash || !settled)
  if (
    !plan.retarget &&
    !plan.rolloutFailed &&
    !needsHealthy &&
    plan.create.length === 0 &&
    plan.remove.length === 0 &&
    !unfitChanged &&
    relabel.length === 0
  )
    return

  const toStop: { pod: PodRecord; reason: string }[] = []
  await deps.writes.run(async (tx) => {
    const cur = await current(tx, s)
    if (!cur) return
    let next: ServiceRecord | undefined
    if (plan.retarget?.why === 'Rollback') {
      const [from, to] = revisionLabels(state, cur, plan.retarget.to, cur.namespace)
      const message = `rolled back from ${from} to ${to}: ${plan.retarget.message}`
      next = retarget(cur, plan.retarget.to, pods, tx.now, {
        rollback: true,
        // A failing template of the same pack version leaves the pack version unmarked.
        failedPackId: cur.packId !== plan.retarget.to.packId ? cur.packId : cur.failedPackId,
        condition: condition('RolledBack', 'RollbackAfterFailures', message, tx.now),
      })
      serviceEvent(tx, cur, 'RolledBack', 'RollbackAfterFailures', message, {
        severity: 'warning',
        previousState: from,
        newState: to,
      })
      tx.after(() => deps.failures.reset(s.id))
    } else if (plan.retarget) {
      const message = `rolling out ${label(plan.retarget.to.packId)} (from ${label(cur.packId)}): ${plan.retarget.message}`
      next = retarget(cur, { ...versionOf(cur), packId: plan.retarget.to.packId }, pods, tx.now, {
        rollback: false,
        condition: condition('Progressing', 'FollowLatest', message, tx.now),
      })
      serviceEvent(tx, cur, 'RolloutStarted', 'FollowLatest', message, {
        previousState: label(cur.packId),
        newState: label(next.packId),
      })
      tx.after(() => deps.failures.reset(s.id))
    } else {
      if (plan.rolloutFailed) {
        next = {
          ...cur,
          condition: condition(
            'RolloutFailed',
            'NoHealthyVersion',
            `${label(cur.packId)}: ${plan.rolloutFailed.message}`,
            tx.now,
          ),
          updatedAt: tx.now,
        }
        serviceEvent(tx, cur, 'RolloutFailed', 'NoHealthyVersion', next.condition!.message, { severity: 'warning' })
      }
      if (needsHealthy) {
        const base = next ?? cur
        const keepRolledBack = base.condition?.type === 'RolledBack'
        const done = `${label(cur.packId)}: ${plan.counts.available} of ${plan.counts.desired} pods up to date and available`
        next = {
          ...base,
          rollout: null,
          healthyPackId: cur.packId,
          healthyTemplateHash: cur.templateHash,
          healthyTemplate: cur.template,
          condition: keepRolledBack
            ? base.condition
            : condition('Available', cur.rollout ? 'RolloutComplete' : 'PodsAvailable', done, tx.now),
          updatedAt: tx.now,
        }
        if (cur.rollout)
          serviceEvent(tx, cur, 'RolloutComplete', cur.rollout.rollback ? 'RollbackComplete' : 'RolloutComplete', done, {
            newState: label(cur.packId),
          })
      }
      applyPods(deps, tx, cur, plan, toStop)
      relabelPods(tx, cur, relabel)
      if (unfitChanged) {
        if (unfit)
          serviceEvent(
            tx,
            cur,
            'PodsUnschedulable',
            'NodeCannotFit',
            `no room for the DaemonSet pod on ${plan.unschedulable.length} node(s): ${unfit}`,
            { severity: 'warning' },
          )
        tx.after(() => (unfit ? deps.lastUnfit.set(s.id, unfit) : deps.lastUnfit.delete(s.id)))
      }
    }
    if (next) {
      await servicesRepo.upsert(tx.sql, next)
      if (!sameVersion(next, cur))
        await serviceRevisionsRepo.add(tx.sql, cur.id, {
          ...versionOf(next),
          reason: next.condition?.reason ?? 'Updated',
          at: tx.now,
        })
      const committed = next
      tx.after(() => services.put(committed))
    }
    tx.after(() => {
      for (const p of toStop) deps.stop(p.pod, p.reason)
    })
  })
}

function applyPods(
  deps: ReconcileDeps,
  tx: Tx,
  s: ServiceRecord,
  plan: ServicePlan,
  toStop: { pod: PodRecord; reason: string }[],
) {
  const { state } = deps
  const removed: string[] = []
  for (const r of plan.remove) {
    const message = removalMessage(r.reason, s)
    const stopping = removeServicePod(tx, r.pod, r.reason, message)
    if (stopping) toStop.push({ pod: stopping, reason: r.reason })
    removed.push(r.pod.name)
  }
  const created: string[] = []
  const taken = new Set<string>()
  for (const c of plan.create) {
    const name = servicePodName(s, deps.rng, (n) => taken.has(n) || state.podByName(s.namespace, n) !== undefined)
    taken.add(name)
    const pod = servicePod(s, { id: deps.newId(), name, nodeId: c.nodeId }, tx.now)
    putServicePod(tx, s, pod, c.reason)
    const target = pod.spec.service?.nodeId
    created.push(target ? `${name} on ${state.nodes.get(target)?.name ?? target}` : name)
  }
  const version = packLabel(state, s.packId, s.namespace)
  if (created.length > 0) {
    const rollout = plan.create.some((c) => c.reason === 'Rollout')
    serviceEvent(
      tx,
      s,
      'PodsCreated',
      rollout ? 'Rollout' : plan.create[0]!.reason,
      `started ${created.length} pod(s) of ${version}: ${nameList(created)}`,
    )
  }
  if (removed.length > 0) {
    const reasons = [...new Set(plan.remove.map((r) => r.reason))].join(', ')
    serviceEvent(tx, s, 'PodsRemoved', reasons, `stopping ${removed.length} pod(s) (${reasons}): ${nameList(removed)}`)
  }
}

function removalMessage(reason: string, s: ServiceRecord): string {
  switch (reason) {
    case 'ScaleDown':
      return `service ${s.name} scaled down (least ready pods go first, then the newest)`
    case 'Rollout':
      return `replaced by the rollout of service ${s.name}`
    case 'Duplicate':
      return `a second pod of DaemonSet ${s.name} on this node`
    case 'NodeGone':
      return `its node left DaemonSet ${s.name}`
    case 'NodeNotEligible':
      return `its node no longer matches DaemonSet ${s.name} (labels, taints or cordon)`
    default:
      return `not where DaemonSet ${s.name} wants it (${reason})`
  }
}

/** Pods whose service is gone (deleted while the server was down, or a lost race): stop them. */
async function removeOrphans(deps: ReconcileDeps, id: string): Promise<ReconcileResult> {
  const live = deps.services.pods(id).filter(isLive)
  if (live.length === 0) return {}
  const toStop: PodRecord[] = []
  await deps.writes.run(async (tx) => {
    if (await servicesRepo.get(tx.sql, id)) return
    for (const p of live) {
      const stopping = removeServicePod(tx, p, 'ServiceDeleted', `service ${p.spec.service?.name ?? id} no longer exists`)
      if (stopping) toStop.push(stopping)
    }
    tx.after(() => toStop.forEach((p) => deps.stop(p, 'ServiceDeleted')))
  })
  return {}
}

/**
 * A deleted service: its pods are stopped (again, if one slipped through); once none holds a
 * node any more, the pods and then the service row are removed.
 */
async function finalizeDeletion(deps: ReconcileDeps, s: ServiceRecord): Promise<ReconcileResult> {
  const pods = deps.services.pods(s.id)
  const toStop: PodRecord[] = []
  await deps.writes.run(async (tx) => {
    const row = await servicesRepo.get(tx.sql, s.id)
    if (!row || row.deletedAt === null) return
    for (const p of pods) {
      if (!isLive(p)) continue
      const stopping = removeServicePod(tx, p, 'ServiceDeleted', `service ${s.name} was deleted`)
      if (stopping) toStop.push(stopping)
    }
    const stillRunning = pods.some((p) => {
      const c = tx.pod(p.id)
      return c !== undefined && occupiesNode(c)
    })
    if (stillRunning) return
    for (const p of pods) if (tx.pod(p.id)) tx.deletePod(p.id)
    await servicesRepo.delete(tx.sql, s.id)
    await serviceRevisionsRepo.deleteFor(tx.sql, s.id)
    serviceEvent(tx, s, 'ServiceDeleted', 'Deleted', `service ${s.name} deleted; its pods are gone`)
    tx.after(() => {
      deps.services.remove(s.id)
      deps.failures.reset(s.id)
      deps.lastUnfit.delete(s.id)
    })
  })
  for (const p of toStop) deps.stop(p, 'ServiceDeleted')
  return {}
}
