/**
 * Namespaces: create, list, delete, quotas, and admission of pods into them.
 *
 * - `default` and `system` are shared (no owner) and cannot be deleted. Users create their own;
 *   only the owner or an admin deletes one. Only admins change a quota once a namespace exists.
 *   A user's new namespace gets the cluster's default quota for user namespaces (user-limits.ts);
 *   its creator may ask for less, never more (admins create with any quota, or none).
 * - A user's pods waiting to start (Pending or Scheduled), in every namespace together, are
 *   bounded too (429 past the limit), so the shared namespaces are no way around a quota.
 * - Deleting a namespace is refused while it holds running pods, services or secrets (the
 *   answer says what is left); finished pods go with it, and so do its packs (a pack version has
 *   no delete of its own) unless pods or services of another namespace use one of them.
 * - Quotas (pods, CPU, memory) are enforced twice: when a pod is created (every pod not finished
 *   counts, so a burst of creates cannot overshoot: admissions into one namespace are serialised
 *   behind each write), and when the scheduler binds a pod (pods placed on nodes count), which
 *   catches pods made by controllers (services). A refused pod stays Pending with the reason.
 */
import { holdsCapacity, isTerminal } from '@stark/shared'
import { canManageNamespace, canSeeNamespace, canUseNamespace } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { conflict, forbidden, notFound, StarkError } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import { namespacesRepo, type NamespaceRow } from '../store/namespaces'
import { packsRepo } from '../store/packs'
import type { PodRecord } from '../store/records'
import { addUsage, hasQuota, NO_USAGE, quotaRefusal, type Quota, type Usage } from './quota'
import { DEFAULT_USER_LIMITS, USER_LIMIT_ENV, type UserLimits, userNamespaceQuota } from './user-limits'

export const SHARED_NAMESPACES = ['default', 'system'] as const

export interface NamespaceOpsDeps {
  writes: WriteQueue
  state: ClusterState
  initial: NamespaceRow[]
  /** Most namespaces one user may own (admins: no limit). */
  maxPerUser?: number
  /** Pending pods per user and the quota of users' namespaces. */
  userLimits?: Pick<UserLimits, 'pendingPods' | 'namespaceQuota'>
}

export interface NamespaceView extends NamespaceRow {
  usage: Usage
}

const request = (p: PodRecord) => p.spec.resources

export function createNamespaceOps(deps: NamespaceOpsDeps) {
  const { writes, state } = deps
  const maxPerUser = deps.maxPerUser ?? 50
  const userLimits = deps.userLimits ?? DEFAULT_USER_LIMITS
  const namespaces = new Map(deps.initial.map((n) => [n.name, n]))
  /** Pods not finished, per namespace (what admission counts). */
  const active = new Map<string, Usage>()
  /** Pods bound to a node, per namespace (what the scheduler's gate counts). */
  const bound = new Map<string, Usage>()
  /** Pods the scheduler has let through but whose binding is not committed yet. */
  const binding = new Map<string, PodRecord>()
  const locks = new Map<string, Promise<unknown>>()
  /** Pods waiting to start (Pending, Scheduled) per owner, and admissions of theirs in flight. */
  const waiting = new Map<string, number>()
  const admitting = new Map<string, number>()
  const bump = (m: Map<string, number>, key: string, by: number) => {
    const n = (m.get(key) ?? 0) + by
    if (n === 0) m.delete(key)
    else m.set(key, n)
  }
  const isWaiting = (p: PodRecord) => p.status === 'Pending' || p.status === 'Scheduled'

  const counts = (p: PodRecord) => ({ active: !isTerminal(p.status), bound: holdsCapacity(p.status) && p.nodeId !== null })
  const shift = (ledger: Map<string, Usage>, p: PodRecord, sign: 1 | -1) =>
    ledger.set(p.namespace, addUsage(ledger.get(p.namespace) ?? NO_USAGE, request(p), sign))

  function track(prev: PodRecord | undefined, next: PodRecord | undefined) {
    if (prev && isWaiting(prev)) bump(waiting, prev.ownerId, -1)
    if (next && isWaiting(next)) bump(waiting, next.ownerId, 1)
    if (prev) {
      const c = counts(prev)
      if (c.active) shift(active, prev, -1)
      if (c.bound) shift(bound, prev, -1)
    }
    if (next) {
      const c = counts(next)
      if (c.active) shift(active, next, 1)
      if (c.bound) shift(bound, next, 1)
      if (next.status !== 'Pending') binding.delete(next.id)
    } else if (prev) binding.delete(prev.id)
  }
  for (const p of state.pods.values()) track(undefined, p)
  const unsubscribe = state.onPodChange(track)

  function visible(principal: Principal, name: string): NamespaceRow {
    const ns = namespaces.get(name)
    if (!ns || !canSeeNamespace(principal, ns)) throw notFound(`namespace ${name}`)
    return ns
  }

  /** Runs `fn` after every earlier admission into `name` has been written (one at a time per namespace). */
  function serialised<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(name) ?? Promise.resolve()
    const next = previous.then(fn, fn)
    const tail = next.catch(() => {})
    locks.set(name, tail)
    void tail.then(() => {
      if (locks.get(name) === tail) locks.delete(name)
    })
    return next
  }

  /** Runs `write` (a pod's creation) unless `principal` has too many pods waiting to start. */
  async function boundedWaiting<T>(principal: Principal, write: () => Promise<T>): Promise<T> {
    if (principal.kind !== 'user' || principal.role === 'admin') return write()
    const held = (waiting.get(principal.id) ?? 0) + (admitting.get(principal.id) ?? 0)
    if (held >= userLimits.pendingPods) {
      throw new StarkError(
        'rate_limited',
        `you have ${held} pods waiting to start (Pending or Scheduled), the most a user may (${USER_LIMIT_ENV.pendingPods}=${userLimits.pendingPods}); retry once some have started, or delete some`,
      )
    }
    bump(admitting, principal.id, 1)
    try {
      return await write()
    } finally {
      bump(admitting, principal.id, -1)
    }
  }

  return {
    get: (name: string): NamespaceRow | undefined => namespaces.get(name),
    /** Rows another server wrote, read back (every namespace). */
    reloaded(rows: readonly NamespaceRow[]) {
      const seen = new Set(rows.map((r) => r.name))
      for (const name of [...namespaces.keys()]) if (!seen.has(name)) namespaces.delete(name)
      for (const r of rows) namespaces.set(r.name, r)
    },
    /** A user's pods waiting to start (Pending or Scheduled). */
    waitingPods: (ownerId: string): number => waiting.get(ownerId) ?? 0,
    usage: (name: string): Usage => active.get(name) ?? NO_USAGE,

    view(ns: NamespaceRow): NamespaceView {
      return { ...ns, usage: active.get(ns.name) ?? NO_USAGE }
    },

    list(principal: Principal): NamespaceRow[] {
      return [...namespaces.values()].filter((n) => canSeeNamespace(principal, n)).sort((a, b) => a.name.localeCompare(b.name))
    },

    find: visible,

    async create(
      principal: Principal,
      input: { name: string; quota?: Quota | undefined },
      correlationId?: string,
    ): Promise<NamespaceRow> {
      if (principal.kind !== 'user' || principal.role === 'viewer')
        throw forbidden(`role ${principal.role} may not create namespaces`)
      if (principal.role !== 'admin' && [...namespaces.values()].filter((n) => n.ownerId === principal.id).length >= maxPerUser) {
        throw forbidden(`you own ${maxPerUser} namespaces already, the most a user may`)
      }
      let quota = input.quota ?? {}
      if (principal.role !== 'admin') {
        const decided = userNamespaceQuota(input.quota, userLimits.namespaceQuota)
        if ('refusal' in decided) throw forbidden(decided.refusal)
        quota = decided.quota
      }
      return writes.run(async (tx) => {
        // Namespace names are global: the answer says the name is taken, never whose or what it holds.
        if (namespaces.has(input.name)) throw conflict(`namespace name ${input.name} is taken; choose another`)
        const created = await namespacesRepo.insert(tx.sql, { name: input.name, ownerId: principal.id, quota })
        if (!created) throw conflict(`namespace name ${input.name} is taken; choose another`)
        tx.event({
          type: 'NamespaceCreated',
          category: 'system',
          resourceType: 'namespace',
          resourceId: created.name,
          resourceName: created.name,
          namespace: created.name,
          ownerId: principal.id,
          actorId: principal.id,
          correlationId: correlationId ?? null,
          message: hasQuota(created.quota)
            ? `namespace created with quota ${JSON.stringify(created.quota)}`
            : 'namespace created',
        })
        tx.after(() => namespaces.set(created.name, created))
        return created
      })
    },

    /** Sets (replaces) a namespace's quota: admins only. */
    async setQuota(principal: Principal, name: string, quota: Quota, correlationId?: string): Promise<NamespaceRow> {
      const ns = visible(principal, name)
      if (principal.kind !== 'user' || principal.role !== 'admin') throw forbidden('only admins change a namespace’s quota')
      return writes.run(async (tx) => {
        const updated = await namespacesRepo.setQuota(tx.sql, ns.name, quota)
        if (!updated) throw notFound(`namespace ${name}`)
        tx.event({
          type: 'NamespaceQuotaChanged',
          category: 'system',
          resourceType: 'namespace',
          resourceId: ns.name,
          resourceName: ns.name,
          namespace: ns.name,
          ownerId: ns.ownerId,
          actorId: principal.id,
          correlationId: correlationId ?? null,
          message: `quota ${JSON.stringify(quota)}`,
        })
        tx.after(() => namespaces.set(updated.name, updated))
        return updated
      })
    },

    async delete(principal: Principal, name: string, correlationId?: string): Promise<void> {
      const ns = visible(principal, name)
      if ((SHARED_NAMESPACES as readonly string[]).includes(ns.name))
        throw forbidden(`namespace ${ns.name} is shared and cannot be deleted`)
      if (!canManageNamespace(principal, ns)) throw forbidden(`you may not delete namespace ${ns.name}`)
      await writes.run(async (tx) => {
        const pods = [...state.pods.values()].filter((p) => p.namespace === ns.name).map((p) => tx.pod(p.id) ?? p)
        const running = pods.filter((p) => !isTerminal(p.status)).length
        const count = async (table: string) =>
          Number(
            (await tx.sql.query<{ n: number | string }>(`select count(*) as n from ${table} where namespace = $1`, [ns.name]))[0]
              ?.n ?? 0,
          )
        const held = {
          pods: running,
          services: await count('services'),
          secrets: await count('secrets'),
        }
        const counted = (entries: [string, number][]) =>
          entries.map(([what, n]) => `${n} ${n === 1 ? what.slice(0, -1) : what}`).join(', ')
        const left = Object.entries(held).filter(([, n]) => n > 0)
        if (left.length > 0) {
          throw new StarkError(
            'conflict',
            `namespace ${ns.name} still holds ${counted(left)}: delete ${left.length === 1 ? 'it' : 'them'} first`,
            held,
          )
        }
        // Its packs go with it, unless another namespace's pods or services use one.
        const elsewhere = await packsRepo.usersElsewhere(tx.sql, ns.name)
        const using = Object.entries(elsewhere).filter(([, n]) => n > 0)
        if (using.length > 0) {
          throw new StarkError(
            'conflict',
            `the packs of namespace ${ns.name} are used by ${counted(using)} of other namespaces: delete ${using.length === 1 && elsewhere.pods + elsewhere.services === 1 ? 'it' : 'them'} first`,
            { usedElsewhere: elsewhere },
          )
        }
        // Finished pods go with their namespace (their history and logs cascade in the database).
        for (const p of pods) tx.deletePod(p.id)
        await tx.sql.query('delete from pods where namespace = $1', [ns.name])
        const packs = await packsRepo.deleteInNamespace(tx.sql, ns.name)
        tx.after(() => {
          for (const id of packs) state.packs.delete(id)
        })
        await namespacesRepo.delete(tx.sql, ns.name)
        tx.event({
          type: 'NamespaceDeleted',
          category: 'system',
          resourceType: 'namespace',
          resourceId: ns.name,
          resourceName: ns.name,
          namespace: ns.name,
          ownerId: ns.ownerId,
          actorId: principal.id,
          correlationId: correlationId ?? null,
          message:
            pods.length || packs.length
              ? `namespace deleted with ${[pods.length ? `${pods.length} finished pod(s)` : '', packs.length ? `${packs.length} pack version(s)` : ''].filter(Boolean).join(' and ')}`
              : 'namespace deleted',
        })
        tx.after(() => namespaces.delete(ns.name))
      })
    },

    /**
     * Admission of a new pod: the namespace exists and the caller may use it (404 when they may
     * not see it, 403 when they may see but not use it), and its quota has room. `write` runs
     * while no other admission into the same namespace is in flight, so the count it saw holds.
     */
    admit<T>(
      principal: Principal,
      namespace: string,
      resources: { cpu: number; memory: number },
      write: () => Promise<T>,
    ): Promise<T> {
      const ns = visible(principal, namespace)
      if (!canUseNamespace(principal, ns)) throw forbidden(`you may not create pods in namespace ${ns.name}`)
      if (!hasQuota(ns.quota)) return boundedWaiting(principal, write)
      return serialised(ns.name, async () => {
        const current = namespaces.get(ns.name)
        if (!current) throw notFound(`namespace ${ns.name}`)
        const refusal = quotaRefusal(ns.name, current.quota, active.get(ns.name) ?? NO_USAGE, resources)
        if (refusal) throw forbidden(refusal)
        return boundedWaiting(principal, write)
      })
    },

    /** Whether a namespace may be used by `principal` (services, secrets): throws 404/403 like `admit`. */
    assertUsable(principal: Principal, namespace: string): NamespaceRow {
      const ns = visible(principal, namespace)
      if (!canUseNamespace(principal, ns)) throw forbidden(`you may not create resources in namespace ${ns.name}`)
      return ns
    },

    /**
     * The scheduler's gate: why binding `pod` would break its namespace's quota (counting pods on
     * nodes and pods decided on whose binding is not committed yet), or null when it fits.
     */
    quotaGate: {
      refusal(pod: PodRecord): string | null {
        const ns = namespaces.get(pod.namespace)
        if (!ns || !hasQuota(ns.quota)) return null
        let usage = bound.get(pod.namespace) ?? NO_USAGE
        for (const b of binding.values())
          if (b.namespace === pod.namespace && b.id !== pod.id) usage = addUsage(usage, request(b), 1)
        return quotaRefusal(ns.name, ns.quota, usage, request(pod))
      },
      admitted(pod: PodRecord): void {
        if (hasQuota(namespaces.get(pod.namespace)?.quota)) binding.set(pod.id, pod)
      },
      /** A pod let through whose write failed (placed at its creation, which was not written). */
      forget(podId: string): void {
        binding.delete(podId)
      },
    },

    stop: unsubscribe,
  }
}
export type NamespaceOps = ReturnType<typeof createNamespaceOps>
