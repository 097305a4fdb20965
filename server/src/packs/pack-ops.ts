/**
 * Packs: immutable `name@version` bundles, registered into a namespace like every other resource.
 * A name is unique within its namespace: the first user to register it there owns it, and only the
 * owner (or an admin) adds versions. Only who may use a namespace registers into it (their own,
 * or a shared one; `system` is for admins), so nobody takes a name in another tenant's namespace.
 * Bundles are stored once per sha256.
 *
 * A user's pack versions are bounded in bytes and count (user-limits.ts; uploads in flight count
 * too, so a burst cannot overshoot). The bundle is stored before, and outside, the one write path:
 * only the small pack row joins a write batch, so a user's large uploads never hold other users'
 * writes. A bundle stored for an upload that then fails is removed again.
 */
import { createHash } from 'node:crypto'
import type { PackRuntime, Visibility } from '@stark/shared'
import { assertCanWrite, canSeePack } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { conflict, forbidden, notFound, StarkError } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import { packsRepo } from '../store/packs'
import type { PackRecord } from '../store/records'
import type { SqlClient } from '../db/sql'
import { DEFAULT_USER_LIMITS, USER_LIMIT_ENV, type UserLimits } from '../namespaces/user-limits'
import { packNotFound, visibleVersions } from './pack-resolve'

export interface RegisterPackInput {
  name: string
  version: string
  runtime: PackRuntime
  visibility: Visibility
  namespace: string
  description?: string | undefined
  bundle: string
}

export interface PackOpsDeps {
  writes: WriteQueue
  state: ClusterState
  db: SqlClient
  /** Largest bundle accepted (bytes). */
  maxBundleBytes: number
  /** Pack bytes and versions per user. */
  userLimits?: Pick<UserLimits, 'packBytes' | 'packVersions'>
  /** Throws 404 when the principal may not see the namespace, 403 when it may see but not use it. */
  assertNamespaceUsable?: (principal: Principal, namespace: string) => void
}

export function createPackOps(deps: PackOpsDeps) {
  const { writes, state, db } = deps
  const cache = new Map<string, Uint8Array>() // sha256 → bytes, small LRU for hot bundles
  const limits = deps.userLimits ?? DEFAULT_USER_LIMITS
  /** Uploads in flight per user (bytes, versions), and per bundle (so a failed one keeps a bundle another is using). */
  const uploading = new Map<string, { bytes: number; versions: number }>()
  const storing = new Map<string, number>()

  /** Every version of `namespace/name`, whoever may see them. */
  const samePack = (namespace: string, name: string) =>
    [...state.packs.values()].filter((p) => p.namespace === namespace && p.name === name)

  /** Why `input` cannot become a version (checked before anything is stored, and again in the write). */
  function refusal(principal: Principal, input: RegisterPackInput): StarkError | null {
    const sameName = samePack(input.namespace, input.name)
    const owner = sameName[0]?.ownerId
    // Another user's name in this namespace (private or public) answers as taken, never whose it is.
    if (owner && owner !== principal.id && principal.role !== 'admin')
      return conflict(
        `pack name ${input.name} is taken in namespace ${input.namespace}; choose another, or register in your own namespace`,
      )
    if (sameName.some((p) => p.version === input.version)) {
      return conflict(
        `pack ${input.namespace}/${input.name}@${input.version} already exists; versions are immutable, register a new version`,
      )
    }
    return null
  }

  /** Counts an upload against its user's limits until `release`; throws 403 naming the limit past them. */
  function reserve(principal: Principal, bytes: number): () => void {
    if (principal.kind !== 'user' || principal.role === 'admin') return () => {}
    const own = [...state.packs.values()].filter((p) => p.ownerId === principal.id)
    const flight = uploading.get(principal.id) ?? { bytes: 0, versions: 0 }
    const versions = own.length + flight.versions
    const used = own.reduce((n, p) => n + p.size, 0) + flight.bytes
    if (versions + 1 > limits.packVersions) {
      throw forbidden(
        `you own ${versions} pack versions, the most a user may (${USER_LIMIT_ENV.packVersions}=${limits.packVersions}); ask an admin`,
      )
    }
    if (used + bytes > limits.packBytes) {
      throw forbidden(
        `your pack versions hold ${used} bytes; ${bytes} more would pass the ${limits.packBytes} a user may hold (${USER_LIMIT_ENV.packBytes}); ask an admin`,
      )
    }
    uploading.set(principal.id, { bytes: flight.bytes + bytes, versions: flight.versions + 1 })
    return () => {
      const f = uploading.get(principal.id)!
      if (f.versions === 1) uploading.delete(principal.id)
      else uploading.set(principal.id, { bytes: f.bytes - bytes, versions: f.versions - 1 })
    }
  }

  /** Stores the bundle outside the write path for the length of `fn`; removes it again if `fn` fails and nothing uses it. */
  async function withBundle<T>(sha256: string, bytes: Uint8Array, fn: () => Promise<T>): Promise<T> {
    storing.set(sha256, (storing.get(sha256) ?? 0) + 1)
    let ok = false
    try {
      await packsRepo.putBundle(db, sha256, bytes)
      const result = await fn()
      ok = true
      return result
    } finally {
      const left = storing.get(sha256)! - 1
      if (left === 0) storing.delete(sha256)
      else storing.set(sha256, left)
      if (!ok && left === 0) await packsRepo.dropUnusedBundle(db, sha256).catch(() => {})
    }
  }

  /** The write of a version whose bundle is stored: the pack row, its event, the state. */
  function addVersion(
    principal: Principal,
    input: RegisterPackInput,
    sha256: string,
    size: number,
    correlationId?: string,
  ): Promise<PackRecord> {
    return writes.run(async (tx) => {
      const late = refusal(principal, input)
      if (late) throw late
      const owner = samePack(input.namespace, input.name)[0]?.ownerId
      const pack = await packsRepo.insertVersion(tx.sql, {
        name: input.name,
        version: input.version,
        ownerId: owner ?? principal.id,
        namespace: input.namespace,
        runtime: input.runtime,
        visibility: input.visibility,
        sha256,
        size,
        description: input.description ?? null,
      })
      if (!pack) throw conflict(`pack ${input.namespace}/${input.name}@${input.version} already exists`)
      tx.event({
        type: 'PackRegistered',
        category: 'pack',
        resourceType: 'pack',
        resourceId: pack.id,
        resourceName: `${pack.name}@${pack.version}`,
        namespace: pack.namespace,
        ownerId: pack.ownerId,
        actorId: principal.id,
        correlationId: correlationId ?? null,
        message: `${pack.runtime} pack, ${pack.size} bytes, sha256 ${sha256.slice(0, 12)}…`,
      })
      tx.after(() => state.packs.set(pack.id, pack))
      return pack
    })
  }

  return {
    async register(principal: Principal, input: RegisterPackInput, correlationId?: string): Promise<PackRecord> {
      assertCanWrite(principal)
      if (input.namespace === 'system' && principal.role !== 'admin')
        throw forbidden('only admins may register packs in the system namespace')
      deps.assertNamespaceUsable?.(principal, input.namespace)
      const bytes = new TextEncoder().encode(input.bundle)
      if (bytes.byteLength > deps.maxBundleBytes) {
        throw new StarkError('payload_too_large', `bundle is ${bytes.byteLength} bytes; the limit is ${deps.maxBundleBytes}`)
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const early = refusal(principal, input)
      if (early) throw early
      const release = reserve(principal, bytes.byteLength)
      try {
        return await withBundle(sha256, bytes, () => addVersion(principal, input, sha256, bytes.byteLength, correlationId))
      } finally {
        release()
      }
    },

    /** The versions the principal may see (of one namespace, or of all), by namespace, name and age. */
    list(principal: Principal, namespace?: string): PackRecord[] {
      return [...state.packs.values()]
        .filter((p) => (namespace === undefined || p.namespace === namespace) && canSeePack(principal, p))
        .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.createdAt - b.createdAt)
    },

    /** Every version of `namespace/name` the principal may see, oldest first (404 when none). */
    versions(principal: Principal, namespace: string, name: string): PackRecord[] {
      const versions = visibleVersions(state.packs.values(), principal, namespace, name).sort((a, b) => a.createdAt - b.createdAt)
      if (versions.length === 0) throw packNotFound(`pack ${name}`, ` in namespace ${namespace}`)
      return versions
    },

    /** A bundle by hash, for a principal allowed to run or see a pack that uses it. */
    async bundle(principal: Principal, sha256: string): Promise<Uint8Array> {
      const packs = [...state.packs.values()].filter((p) => p.sha256 === sha256)
      const allowed =
        principal.kind === 'node'
          ? state.podsOnNode(principal.id).some((pod) => state.packs.get(pod.packId)?.sha256 === sha256)
          : packs.some((p) => canSeePack(principal, p))
      if (!allowed) throw notFound(`bundle ${sha256}`)
      const hit = cache.get(sha256)
      if (hit) return hit
      const bytes = await packsRepo.bundle(db, sha256)
      if (!bytes) throw notFound(`bundle ${sha256}`)
      if (cache.size > 64) cache.delete(cache.keys().next().value!)
      cache.set(sha256, bytes)
      return bytes
    },
  }
}
export type PackOps = ReturnType<typeof createPackOps>
