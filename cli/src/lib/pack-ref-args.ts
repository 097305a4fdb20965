/**
 * Packs named on the command line: `name[@version]` for a pack of the namespace in use,
 * `ns/name[@version]` for one of another namespace. Checked here (a usage error, before any
 * request); the server resolves them in the namespace of the pod or service that runs them.
 */
import { packRefProblem, parsePackRef } from '@stark/shared'
import { usageError } from './errors'

/** A pack reference as given (`what` names it in the error: `pack`, `--pack`). */
export function packRefArg(text: string, what: string): string {
  const problem = packRefProblem(text)
  if (problem) throw usageError(`${what} "${text}" must look like name[@version] or namespace/name[@version]: ${problem}`)
  return text
}

/** A pack without a version (`name` or `ns/name`) and the namespace it is of (`current` when none is written). */
export function packNameArg(text: string, current: string | undefined): { namespace: string; name: string } {
  const ref = parsePackRef(packRefArg(text, 'pack'))
  if (ref.version !== undefined || text.includes('@'))
    throw usageError(`pack "${text}": give its name (or ns/name), without a version`)
  return { namespace: ref.namespace ?? (current || 'default'), name: ref.name }
}
