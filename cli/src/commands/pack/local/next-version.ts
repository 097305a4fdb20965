/**
 * The version `stark pack push` registers when none is given: the next patch after the highest
 * registered one, or the package.json version when that is higher (a minor or major bump made by
 * hand, or a pack's first push); 0.1.0 for a first push without one.
 */
import { compareSemver, isSemver, nextPatchVersion } from '@stark/shared'

export function nextVersion(registered: readonly string[], fromPackageJson?: string): string {
  const wanted = fromPackageJson && isSemver(fromPackageJson) ? fromPackageJson : undefined
  const next = nextPatchVersion(registered)
  if (!registered.some(isSemver)) return wanted ?? next
  return wanted && compareSemver(wanted, next) > 0 ? wanted : next
}
