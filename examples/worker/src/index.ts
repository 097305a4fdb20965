import type { PackContext } from '@stark/pack'

/** The primes below `limit` (a sieve): the job. */
export function primesBelow(limit: number): number[] {
  const composite = new Uint8Array(Math.max(limit, 0))
  const primes: number[] = []
  for (let n = 2; n < limit; n++) {
    if (composite[n]) continue
    primes.push(n)
    for (let m = n * n; m < limit; m += n) composite[m] = 1
  }
  return primes
}

/** A worker pack: counts the primes below its first argument (default 100 000), says so and returns. */
export default async function main(ctx: PackContext) {
  const limit = Number(ctx.args[0] ?? 100_000)
  if (!Number.isInteger(limit) || limit < 2) throw new Error(`the argument must be a whole number ≥ 2 (got "${ctx.args[0]}")`)
  const primes = primesBelow(limit)
  ctx.log(`${primes.length} primes below ${limit}; the largest is ${primes.at(-1)} (${ctx.runtime})`)
}
