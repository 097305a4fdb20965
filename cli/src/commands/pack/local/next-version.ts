/**
 * The version `stark pack push` registers when none is given: the next patch after the highest
 * registered `x.y.z`, or the package.json version for a pack's first push (0.1.0 without one).
 */
const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/

const parse = (v: string) => {
  const m = SEMVER.exec(v)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

export function nextVersion(registered: readonly string[], fromPackageJson?: string): string {
  const wanted = fromPackageJson && parse(fromPackageJson) ? fromPackageJson : undefined
  const highest = registered
    .map(parse)
    .filter((v): v is number[] => v !== null)
    .sort(compare)
    .at(-1)
  if (!highest) return registered.includes(wanted ?? '0.1.0') ? `${wanted ?? '0.1.0'}-1` : (wanted ?? '0.1.0')
  // A package.json version ahead of everything registered (a minor or major bump by hand) wins.
  if (wanted && compare(parse(wanted)!, highest) > 0) return wanted
  return `${highest[0]}.${highest[1]}.${highest[2]! + 1}`
}
