/**
 * What one user (role `user`; admins are not bound) may hold, so that no tenant fills the cluster
 * for the others. Set by whoever runs the server, through the environment:
 *
 * - STARK_USER_PACK_BYTES (200 MB) and STARK_USER_PACK_VERSIONS (500): the pack versions a user
 *   owns, in bytes and in count (403 past either).
 * - STARK_USER_PENDING_PODS (1000): a user's pods waiting to start (Pending or Scheduled), in every
 *   namespace (429 past it: retry once some have started); a user's services together may ask
 *   for at most as many replicas (403), so a service is no way around it.
 * - STARK_USER_NAMESPACE_PODS (100), STARK_USER_NAMESPACE_CPU and STARK_USER_NAMESPACE_MEMORY
 *   (unset: no limit): the quota a namespace a user creates gets, and the most it may ask for
 *   itself (403 above it; only an admin raises a quota).
 */
import type { Quota } from './quota'

export interface UserLimits {
  packBytes: number
  packVersions: number
  pendingPods: number
  namespaceQuota: Quota
}

export const DEFAULT_USER_LIMITS: UserLimits = {
  packBytes: 200 * 1024 * 1024,
  packVersions: 500,
  pendingPods: 1000,
  namespaceQuota: { pods: 100 },
}

/** The environment variable behind each limit (named in refusals, so a user knows what to ask for). */
export const USER_LIMIT_ENV = {
  packBytes: 'STARK_USER_PACK_BYTES',
  packVersions: 'STARK_USER_PACK_VERSIONS',
  pendingPods: 'STARK_USER_PENDING_PODS',
  pods: 'STARK_USER_NAMESPACE_PODS',
  cpu: 'STARK_USER_NAMESPACE_CPU',
  memory: 'STARK_USER_NAMESPACE_MEMORY',
} as const

function count(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`${name} must be a whole number of at least 0, not ${JSON.stringify(raw)}`)
  return n
}

/** Limits from the environment; a malformed value stops the server with its name. */
export function userLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): UserLimits {
  const d = DEFAULT_USER_LIMITS
  const quota: Quota = {}
  for (const dim of ['pods', 'cpu', 'memory'] as const) {
    const v = count(env, USER_LIMIT_ENV[dim]) ?? d.namespaceQuota[dim]
    if (v !== undefined) quota[dim] = v
  }
  return {
    packBytes: count(env, USER_LIMIT_ENV.packBytes) ?? d.packBytes,
    packVersions: count(env, USER_LIMIT_ENV.packVersions) ?? d.packVersions,
    pendingPods: count(env, USER_LIMIT_ENV.pendingPods) ?? d.pendingPods,
    namespaceQuota: quota,
  }
}

/**
 * The quota a user's new namespace gets: what they asked for, each part no higher than the
 * cluster's default for user namespaces, and that default where they asked nothing; or the
 * refusal when they asked for more.
 */
export function userNamespaceQuota(asked: Quota | undefined, cap: Quota): { quota: Quota } | { refusal: string } {
  const quota: Quota = {}
  const above: string[] = []
  for (const dim of ['pods', 'cpu', 'memory'] as const) {
    const want = asked?.[dim]
    const most = cap[dim]
    if (want !== undefined && most !== undefined && want > most)
      above.push(`${dim} ${want} is above ${most} (${USER_LIMIT_ENV[dim]})`)
    const v = want ?? most
    if (v !== undefined) quota[dim] = v
  }
  if (above.length)
    return {
      refusal: `a user's namespace may have a quota up to the cluster default: ${above.join('; ')}; ask an admin to raise it`,
    }
  return { quota }
}
