/**
 * Pods waiting for the scheduler, most important first: priority (high first), then age (old
 * first), then id. A binary heap of ids with lazy removal: `delete` only forgets the id, and
 * stale entries are skipped when they reach the top, so adding and taking stay O(log n) however
 * long the backlog is.
 */
export interface QueueKey {
  id: string
  priority: number
  createdAt: number
}

const before = (a: QueueKey, b: QueueKey) =>
  a.priority !== b.priority ? a.priority > b.priority : a.createdAt !== b.createdAt ? a.createdAt < b.createdAt : a.id < b.id

export function createPendingQueue() {
  const heap: QueueKey[] = []
  const members = new Map<string, QueueKey>()

  function up(i: number) {
    const item = heap[i]!
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(item, heap[parent]!)) break
      heap[i] = heap[parent]!
      i = parent
    }
    heap[i] = item
  }
  function down(i: number) {
    const n = heap.length
    const item = heap[i]!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const child = r < n && before(heap[r]!, heap[l]!) ? r : l
      if (!before(heap[child]!, item)) break
      heap[i] = heap[child]!
      i = child
    }
    heap[i] = item
  }
  function pop(): QueueKey | undefined {
    const top = heap[0]
    if (!top) return undefined
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      down(0)
    }
    return top
  }

  return {
    /** Adds a pod (again: a changed priority takes effect; a duplicate is ignored). */
    add(key: QueueKey) {
      const current = members.get(key.id)
      if (current && current.priority === key.priority && current.createdAt === key.createdAt) return
      const entry = { id: key.id, priority: key.priority, createdAt: key.createdAt }
      members.set(key.id, entry)
      heap.push(entry)
      up(heap.length - 1)
      // Compact when stale entries dominate.
      if (heap.length > 1024 && heap.length > members.size * 4) this.rebuild()
    },
    delete(id: string) {
      members.delete(id)
    },
    has: (id: string) => members.has(id),
    /** Takes up to `n` ids, most important first. */
    take(n: number): string[] {
      const out: string[] = []
      while (out.length < n) {
        const top = pop()
        if (!top) break
        if (members.get(top.id) !== top) continue // removed or superseded
        members.delete(top.id)
        out.push(top.id)
      }
      return out
    },
    rebuild() {
      heap.length = 0
      for (const entry of members.values()) heap.push(entry)
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i)
    },
    ids: () => members.keys(),
    get size() {
      return members.size
    },
  }
}
export type PendingQueue = ReturnType<typeof createPendingQueue>
