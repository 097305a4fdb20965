/**
 * Secrets: `name` in a namespace, a few KEY=value pairs, encrypted at rest (secret-box.ts) and
 * kept sealed in memory. The values leave the server in one place only: the `pod:assign` sent to
 * the node that runs a pod referencing the secret (`envFor`). Listing and reading show names and
 * key names, never values; events carry key names only.
 *
 * Owners and admins see and delete a secret; viewers never see secrets. A pod may reference a
 * secret its owner may see, in the pod's own namespace; at assignment the secret must still belong
 * to the pod's owner (or the owner is an admin), so a secret deleted and re-created by someone
 * else under the same name is not injected.
 */
import { canSeeSecret } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { badRequest, conflict, forbidden, notFound, StarkError } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import { secretsRepo, type SecretRecord } from '../store/secrets'
import type { PodRecord } from '../store/records'
import type { Logger } from '@stark/shared'
import { open, seal, type SecretKey } from './secret-box'

export const MAX_SECRET_KEYS = 64
export const MAX_SECRET_BYTES = 64 * 1024
export const MAX_POD_SECRETS = 16

const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/

export interface SecretOpsDeps {
  writes: WriteQueue
  state: ClusterState
  log: Logger
  initial: SecretRecord[]
  /** The key (created on first use when there is none yet). */
  key(): SecretKey
  /** Called before a secret is put in a namespace: throws 404/403 when the caller may not. */
  assertNamespaceUsable(principal: Principal, namespace: string): void
}

/** What list/get show: never a value. */
export const secretView = (s: SecretRecord) => ({
  id: s.id,
  name: s.name,
  namespace: s.namespace,
  keys: s.keys,
  ownerId: s.ownerId,
  createdAt: new Date(s.createdAt).toISOString(),
})

export function createSecretOps(deps: SecretOpsDeps) {
  const { writes, state, log } = deps
  const byName = new Map(deps.initial.map((s) => [`${s.namespace}/${s.name}`, s]))
  const aad = (s: { namespace: string; name: string }) => `${s.namespace}/${s.name}`

  function find(principal: Principal, name: string, namespace = 'default'): SecretRecord {
    const s = byName.get(`${namespace}/${name}`)
    if (!s || !canSeeSecret(principal, s)) throw notFound(`secret ${name} in namespace ${namespace}`)
    return s
  }

  function decrypt(s: SecretRecord): Record<string, string> {
    const key = deps.key()
    if (key.id !== s.keyId)
      throw new Error(`secret ${s.namespace}/${s.name} was sealed with key ${s.keyId}, this server has ${key.id}`)
    return JSON.parse(open(key, aad(s), s.ciphertext).toString('utf8')) as Record<string, string>
  }

  /** Checks a secret's data: its sorted keys and its plaintext (not yet sealed). */
  function checkData(data: Record<string, string>) {
    const keys = Object.keys(data).sort()
    if (keys.length === 0) throw badRequest('a secret needs at least one KEY=value')
    if (keys.length > MAX_SECRET_KEYS) throw badRequest(`a secret holds at most ${MAX_SECRET_KEYS} keys`)
    const bad = keys.find((k) => !KEY.test(k))
    if (bad !== undefined)
      throw badRequest(`secret key "${bad.slice(0, 64)}" must be an environment variable name (letters, digits, _)`)
    const plaintext = Buffer.from(JSON.stringify(data), 'utf8')
    if (plaintext.length > MAX_SECRET_BYTES)
      throw new StarkError('payload_too_large', `a secret holds at most ${MAX_SECRET_BYTES} bytes`)
    return { keys, plaintext }
  }

  /** Seals checked data for `namespace/name` with this server's key. */
  function sealFor(namespace: string, name: string, plaintext: Buffer) {
    const key = deps.key()
    return { ciphertext: seal(key, aad({ namespace, name }), plaintext), keyId: key.id }
  }

  /** The event every change of a secret records (key names only, never a value). */
  const secretEvent = (
    type: 'SecretCreated' | 'SecretUpdated' | 'SecretDeleted',
    s: Pick<SecretRecord, 'id' | 'name' | 'namespace' | 'ownerId'>,
    principal: Principal,
    correlationId: string | undefined,
    message: string,
  ) => ({
    type,
    category: 'system' as const,
    resourceType: 'secret' as const,
    resourceId: s.id,
    resourceName: s.name,
    namespace: s.namespace,
    ownerId: s.ownerId,
    actorId: principal.id,
    correlationId: correlationId ?? null,
    message,
  })

  /** Same keys with the same values (key order does not matter). */
  const sameData = (a: Record<string, string>, b: Record<string, string>) => {
    const ka = Object.keys(a).sort()
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k])
  }

  return {
    /** Rows another server wrote, read back (every secret). */
    reloaded(rows: readonly SecretRecord[]) {
      byName.clear()
      for (const s of rows) byName.set(`${s.namespace}/${s.name}`, s)
    },
    list(principal: Principal, namespace?: string): SecretRecord[] {
      return [...byName.values()].filter((s) => canSeeSecret(principal, s) && (!namespace || s.namespace === namespace))
    },

    find,

    async create(
      principal: Principal,
      input: { name: string; namespace?: string | undefined; data: Record<string, string> },
      correlationId?: string,
    ): Promise<SecretRecord> {
      const namespace = input.namespace ?? 'default'
      if (principal.kind !== 'user' || principal.role === 'viewer')
        throw forbidden(`role ${principal.role} may not create secrets`)
      deps.assertNamespaceUsable(principal, namespace)
      const { keys, plaintext } = checkData(input.data)
      const { ciphertext, keyId } = sealFor(namespace, input.name, plaintext)
      return writes.run(async (tx) => {
        if (byName.has(`${namespace}/${input.name}`))
          throw conflict(`secret ${input.name} already exists in namespace ${namespace}`)
        const created = await secretsRepo.insert(tx.sql, {
          namespace,
          name: input.name,
          ownerId: principal.id,
          keys,
          ciphertext,
          keyId,
        })
        if (!created) throw conflict(`secret ${input.name} already exists in namespace ${namespace}`)
        tx.event(secretEvent('SecretCreated', created, principal, correlationId, `secret with key(s) ${keys.join(', ')}`))
        tx.after(() => byName.set(`${namespace}/${created.name}`, created))
        return created
      })
    },

    /**
     * Replaces a secret's values (owner or admin). Values equal to the stored ones change nothing
     * (`changed: false`, no write, no event), so applying the same file twice is a no-op. Pods
     * already running keep the environment they started with.
     */
    async replace(
      principal: Principal,
      name: string,
      namespace: string | undefined,
      data: Record<string, string>,
      correlationId?: string,
    ): Promise<{ secret: SecretRecord; changed: boolean }> {
      const s = find(principal, name, namespace)
      if (principal.kind !== 'user' || principal.role === 'viewer')
        throw forbidden(`role ${principal.role} may not change secrets`)
      const { keys, plaintext } = checkData(data)
      if (sameData(decrypt(s), data)) return { secret: s, changed: false }
      const sealed = sealFor(s.namespace, s.name, plaintext)
      return writes.run(async (tx) => {
        const updated = await secretsRepo.replace(tx.sql, s.id, { keys, ...sealed })
        if (!updated) throw notFound(`secret ${name} in namespace ${s.namespace}`)
        tx.event(secretEvent('SecretUpdated', s, principal, correlationId, `secret values replaced; key(s) ${keys.join(', ')}`))
        tx.after(() => byName.set(`${s.namespace}/${s.name}`, updated))
        return { secret: updated, changed: true }
      })
    },

    async delete(
      principal: Principal,
      name: string,
      namespace: string | undefined,
      correlationId?: string,
    ): Promise<SecretRecord> {
      const s = find(principal, name, namespace)
      return writes.run(async (tx) => {
        await secretsRepo.delete(tx.sql, s.id)
        tx.event(secretEvent('SecretDeleted', s, principal, correlationId, 'secret deleted'))
        tx.after(() => byName.delete(`${s.namespace}/${s.name}`))
        return s
      })
    },

    /** Checks a new pod's references: at most MAX_POD_SECRETS, each a secret in its namespace that its creator may see. */
    assertReferable(principal: Principal, namespace: string, names: readonly string[] | undefined): void {
      if (!names?.length) return
      if (names.length > MAX_POD_SECRETS) throw badRequest(`a pod references at most ${MAX_POD_SECRETS} secrets`)
      for (const name of names) find(principal, name, namespace)
    },

    /** How many env entries the pod's secrets add (to keep a pod's whole environment within limits). */
    keyCount(namespace: string, names: readonly string[] | undefined): number {
      return (names ?? []).reduce((n, name) => n + (byName.get(`${namespace}/${name}`)?.keys.length ?? 0), 0)
    },

    /**
     * The environment a pod's secrets add, for its `pod:assign` only. A secret that is gone, or no
     * longer its owner's, is left out (and logged), never someone else's value put in its place.
     */
    envFor(pod: PodRecord | undefined): Record<string, string> {
      const names = pod?.spec.secrets
      if (!pod || !names?.length) return {}
      const owner = state.users.get(pod.ownerId)
      const env: Record<string, string> = {}
      for (const name of names) {
        const s = byName.get(`${pod.namespace}/${name}`)
        if (!s || !owner || !(s.ownerId === owner.id || owner.role === 'admin')) {
          log.warn('pod references a secret that is missing or not its owner’s; left out', {
            podId: pod.id,
            secret: `${pod.namespace}/${name}`,
          })
          continue
        }
        try {
          Object.assign(env, decrypt(s))
        } catch (error) {
          log.error('could not open a secret for a pod', {
            podId: pod.id,
            secret: `${pod.namespace}/${name}`,
            error: (error as Error).message,
          })
        }
      }
      return env
    },

    /** Throws unless every stored secret was sealed with this server's key (checked at start). */
    checkKey(key: SecretKey | null): void {
      const ids = new Set([...byName.values()].map((s) => s.keyId))
      if (ids.size === 0) return
      if (!key || !ids.has(key.id) || ids.size > 1) {
        throw new Error(
          `the secrets in this database were sealed with key ${[...ids].join(', ')}, but this server ${key ? `has key ${key.id} (${key.source})` : 'has no secret key'}: ` +
            'give every server the same key (STARK_SECRET_KEY, or copy $STARK_HOME/secret.key)',
        )
      }
    },
  }
}
export type SecretOps = ReturnType<typeof createSecretOps>
