/**
 * How far the server's JavaScript heap may grow past what the last full garbage collection left
 * in use before the next one (V8's `--heap-growing-percent`), like Go's GOGC. Left to itself, V8
 * lets a heap that allocates fast grow to up to four times what it holds, and keeps what it grew
 * to while allocation goes on: a server holding 10,000 nodes' sockets and 50,000 pods reserved
 * 1,057 MB of heap for 527 MB in use (RSS ~1.2 GB), its nodes' heartbeats never letting it shrink.
 * At 50 % the same benchmark held 611 MB RSS, with heartbeat CPU and list times within the same
 * range. `0` leaves the choice to V8.
 *
 * The flag is process-wide, so the process that owns the server sets it (`stark server start`),
 * once the server listens: a V8 flag changed before that would cost the start Node's built-in code
 * cache, which V8 refuses once any flag differs from its default.
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 50
export const MAX_HEAP_GROWTH_PERCENT = 300

/** STARK_HEAP_GROWTH (a whole percent); undefined when unset. Throws a readable error on anything else. */
export function heapGrowthFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.STARK_HEAP_GROWTH
  if (text === undefined || text === '') return undefined
  return parseHeapGrowth(text, 'STARK_HEAP_GROWTH')
}

export function parseHeapGrowth(text: string, source: string): number {
  const n = Number(text)
  if (!/^\d+$/.test(text.trim()) || n > MAX_HEAP_GROWTH_PERCENT)
    throw new Error(`${source} must be a whole percent from 0 to ${MAX_HEAP_GROWTH_PERCENT} (got "${text}")`)
  return n
}

/** Sets the growth through `setFlags` (v8.setFlagsFromString); returns the flag set, or undefined for 0. */
export function applyHeapGrowth(percent: number, setFlags: (flags: string) => void): string | undefined {
  if (percent <= 0) return undefined
  const flag = `--heap-growing-percent=${percent}`
  setFlags(flag)
  return flag
}
