/**
 * How a pod or service names a pack: `name[@version]` for a pack of its own namespace, or
 * `namespace/name[@version]` for a pack of another (which the caller must be allowed to see).
 * Without a version, the highest registered (semver) is meant.
 */
import { z } from 'zod'
import { packName, resourceName } from './names'

export interface PackRef {
  /** The pack's namespace; undefined: the namespace of whoever refers to it. */
  namespace: string | undefined
  name: string
  version: string | undefined
}

/** `name`, `name@version`, `ns/name` or `ns/name@version`, split (not checked: see `packRefProblem`). */
export function parsePackRef(ref: string): PackRef {
  const slash = ref.indexOf('/')
  const namespace = slash >= 0 ? ref.slice(0, slash) : undefined
  const rest = slash >= 0 ? ref.slice(slash + 1) : ref
  const at = rest.lastIndexOf('@')
  if (at <= 0) return { namespace, name: rest, version: undefined }
  return { namespace, name: rest.slice(0, at), version: rest.slice(at + 1) || undefined }
}

/** What is wrong with a written pack reference, or undefined when it is well formed. */
export function packRefProblem(ref: string): string | undefined {
  const r = parsePackRef(ref)
  if (r.namespace !== undefined && !resourceName.safeParse(r.namespace).success)
    return `namespace "${r.namespace}" is not a namespace name`
  if (!packName.safeParse(r.name).success) return `"${r.name}" is not a pack name`
  if (ref.endsWith('@')) return 'a version follows the @'
  return undefined
}

/** A pack reference in a REST body: `name[@version]` or `namespace/name[@version]`. */
export const packRefText = z
  .string()
  .min(1)
  .max(256)
  .superRefine((ref, ctx) => {
    const problem = packRefProblem(ref)
    if (problem)
      ctx.addIssue({ code: 'custom', message: `must look like name[@version] or namespace/name[@version]: ${problem}` })
  })

/**
 * A pack as someone in namespace `from` would write it: `name@version` for a pack of that
 * namespace, `ns/name@version` for one of another.
 */
export function formatPackRef(pack: { namespace: string; name: string; version?: string | undefined }, from?: string): string {
  const name = pack.namespace === from ? pack.name : `${pack.namespace}/${pack.name}`
  return pack.version === undefined ? name : `${name}@${pack.version}`
}
