/**
 * The node's own memory figure: the page's JS heap as Chromium reports it (`performance.memory`,
 * non-standard; Firefox and Safari have none, so their nodes report nothing). It is the heap of the
 * page's main thread — the agent, and the sandbox frames that share its process — not the pods'
 * workers, which have heaps of their own that a page cannot read. Chromium rounds it to coarse
 * steps unless started with --enable-precise-memory-info (a fleet's Chromium is).
 */
interface MemoryInfo {
  usedJSHeapSize?: number
}

const MiB = 1024 * 1024

export function pageMemoryMb(perf: Performance & { memory?: MemoryInfo } = performance): { memory: number } | undefined {
  const used = perf.memory?.usedJSHeapSize
  return typeof used === 'number' && Number.isFinite(used) && used >= 0 ? { memory: Math.round(used / MiB) } : undefined
}
