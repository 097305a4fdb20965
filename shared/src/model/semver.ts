/**
 * Pack versions are semantic versions (semver.org 2.0.0): `MAJOR.MINOR.PATCH`, an optional
 * pre-release (`-beta.2`) and optional build metadata (`+sha.5114f85`, ignored in ordering).
 * "Latest" is the highest by semver precedence: a pre-release is below its release.
 */
export interface SemVer {
  major: number
  minor: number
  patch: number
  prerelease: readonly (string | number)[]
  build: string
}

const NUM = '0|[1-9]\\d*'
const PRE_ID = `(?:${NUM}|\\d*[A-Za-z-][0-9A-Za-z-]*)`
const SEMVER = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
)

export const SEMVER_HINT = 'a semantic version such as 1.0.0, 2.1.3 or 1.0.0-beta.1'

export function parseSemver(text: string): SemVer | undefined {
  const m = SEMVER.exec(text)
  if (!m) return undefined
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined
  const prerelease = m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : []
  return { major, minor, patch, prerelease, build: m[5] ?? '' }
}

export const isSemver = (text: string): boolean => parseSemver(text) !== undefined

/** Semver precedence: negative when a < b, 0 when equal (build metadata ignored), positive when a > b. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a)
  const y = parseSemver(b)
  if (!x || !y) {
    // Versions from before semver was required sort below every semver one, then by text.
    if (x) return 1
    if (y) return -1
    return a < b ? -1 : a > b ? 1 : 0
  }
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch || comparePrerelease(x.prerelease, y.prerelease)
}

function comparePrerelease(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length // a release is above its pre-releases
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const p = a[i]!
    const q = b[i]!
    if (p === q) continue
    if (typeof p === 'number' && typeof q === 'number') return p - q
    if (typeof p === 'number') return -1 // numeric identifiers are below alphanumeric ones
    if (typeof q === 'number') return 1
    return p < q ? -1 : 1
  }
  return a.length - b.length
}

/** The highest of some versions, or undefined when there are none. */
export function highestBy<T>(items: Iterable<T>, version: (item: T) => string): T | undefined {
  let best: T | undefined
  for (const item of items) if (best === undefined || compareSemver(version(item), version(best)) > 0) best = item
  return best
}

/** The next patch release after the highest of `versions` (`1.2.3` → `1.2.4`, `1.3.0-rc.1` → `1.3.0`); `0.1.0` when none. */
export function nextPatchVersion(versions: Iterable<string>): string {
  const top = highestBy([...versions].filter(isSemver), (v) => v)
  if (top === undefined) return '0.1.0'
  const v = parseSemver(top)!
  return v.prerelease.length > 0 ? `${v.major}.${v.minor}.${v.patch}` : `${v.major}.${v.minor}.${v.patch + 1}`
}
