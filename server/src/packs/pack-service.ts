/**
 * Packs: immutable `name@version` bundles. The first user to register a name owns it; only the
 * owner (or an admin) adds versions. Bundles are stored once per sha256.
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

export interface RegisterPackInput {
  name: string
  version: string
  runtime: PackRuntime
  visibility: Visibility
  namespace: string
  description?: string | undefined
  bundle: string
}

export interface PackServiceDeps {
  writes: WriteQueue
  state: ClusterState
  db: SqlClient
  /** Largest bundle accepted (bytes). */
  maxBundleBytes: number
}

export function createPackService(deps: PackServiceDeps) {
  const { writes, state, db } = deps
  const cache = new Map<string, Uint8Array>() // sha256 → bytes, small LRU for hot bundles

  return {
    async register(principal: Principal, input: RegisterPackInput, correlationId?: string): Promise<PackRecord> {
      assertCanWrite(principal)
      if (input.namespace === 'system' && principal.role !== 'admin') throw forbidden('only admins may register packs in the system namespace')
      const bytes = new TextEncoder().encode(input.bundle)
      if (bytes.byteLength > deps.maxBundleBytes) {
        throw new StarkError('payload_too_large', `bundle is ${bytes.byteLength} bytes; the limit is ${deps.maxBundleBytes}`)
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      return writes.run(async (tx) => {
        const sameName = [...state.packs.values()].filter((p) => p.name === input.name)
        const owner = sameName[0]?.ownerId
        // Pack names are global: another user's name (private or public) answers as taken, never whose it is.
        if (owner && owner !== principal.id && principal.role !== 'admin') {
          throw conflict(`pack name ${input.name} is taken; choose another`)
        }
        if (sameName.some((p) => p.version === input.version)) {
          throw conflict(`pack ${input.name}@${input.version} already exists; versions are immutable, register a new version`)
        }
        const pack = await packsRepo.insert(
          tx.sql,
          {
            name: input.name,
            version: input.version,
            ownerId: owner ?? principal.id,
            namespace: input.namespace,
            runtime: input.runtime,
            visibility: input.visibility,
            sha256,
            size: bytes.byteLength,
            description: input.description ?? null,
          },
          bytes,
        )
        if (!pack) throw conflict(`pack ${input.name}@${input.version} already exists`)
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
    },

    list(principal: Principal): PackRecord[] {
      return [...state.packs.values()].filter((p) => canSeePack(principal, p)).sort((a, b) => a.name.localeCompare(b.name) || a.createdAt - b.createdAt)
    },

    versions(principal: Principal, name: string): PackRecord[] {
      const versions = this.list(principal).filter((p) => p.name === name)
      if (versions.length === 0) throw notFound(`pack ${name}`)
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
export type PackService = ReturnType<typeof createPackService>
