/**
 * Which pack a reference names for a caller. `name[@version]` is a pack of the referring object's
 * namespace, `ns/name[@version]` one of namespace `ns`; either way only versions the caller may
 * see count (`canSeePack`: public ones, their owner's, an admin's) — a private pack of another is
 * "not found", exactly as one that does not exist. Without a version: the highest by semver.
 */
import { formatPackRef, highestBy, type PackRef } from '@stark/shared'
import { canSeePack } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { StarkError } from '../errors'
import type { PackRecord } from '../store/records'

/** `pack web not found in namespace team-a`: the 404 of a reference, saying where it was looked for. */
export const packNotFound = (what: string, where = '') => new StarkError('not_found', `${what} not found${where}`)

/** The versions of `namespace/name` the principal may see. */
export function visibleVersions(
  packs: Iterable<PackRecord>,
  principal: Principal,
  namespace: string,
  name: string,
): PackRecord[] {
  const found: PackRecord[] = []
  for (const p of packs) if (p.namespace === namespace && p.name === name && canSeePack(principal, p)) found.push(p)
  return found
}

export interface ResolveOptions {
  /**
   * Where a reference without a namespace is looked for when the referring namespace has no pack
   * of that name: a service's update names its current pack's versions by name alone, even when
   * that pack lives in another namespace.
   */
  orIn?: string | undefined
}

/** The pack `ref` names for `principal` from namespace `home` (404 when there is none it may see). */
export function resolvePackRef(
  packs: Iterable<PackRecord>,
  principal: Principal,
  ref: PackRef,
  home: string,
  options: ResolveOptions = {},
): PackRecord {
  const all = [...packs]
  let namespace = ref.namespace ?? home
  let candidates = visibleVersions(all, principal, namespace, ref.name)
  if (candidates.length === 0 && ref.namespace === undefined && options.orIn !== undefined && options.orIn !== home) {
    namespace = options.orIn
    candidates = visibleVersions(all, principal, namespace, ref.name)
  }
  const shown = formatPackRef({ namespace, name: ref.name }, home)
  const where = namespace === home ? ` in namespace ${home}` : ''
  if (candidates.length === 0) throw packNotFound(`pack ${shown}`, where)
  if (ref.version === undefined) return highestBy(candidates, (p) => p.version)!
  const exact = candidates.find((p) => p.version === ref.version)
  if (!exact) throw packNotFound(`pack ${shown}@${ref.version}`, where)
  return exact
}
