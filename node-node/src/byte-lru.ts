/**
 * Which entries to drop so that what is kept stays within a byte budget: least recently used
 * first, never the entry just used. Pure bookkeeping (keys and sizes); the caller removes the files.
 */
export interface ByteLru {
  /** Records a use of `key` (of `bytes`); returns the keys to drop, oldest first. */
  use(key: string, bytes: number): string[]
  /** Forgets a key (its entry is gone). */
  forget(key: string): void
  /** Bytes held now. */
  bytes(): number
  has(key: string): boolean
}

export function createByteLru(maxBytes: number): ByteLru {
  const sizes = new Map<string, number>() // insertion order = least recently used first
  let total = 0
  return {
    use(key, bytes) {
      total -= sizes.get(key) ?? 0
      sizes.delete(key)
      sizes.set(key, bytes)
      total += bytes
      const dropped: string[] = []
      for (const [k, size] of sizes) {
        if (total <= maxBytes || k === key) break
        sizes.delete(k)
        total -= size
        dropped.push(k)
      }
      return dropped
    },
    forget(key) {
      total -= sizes.get(key) ?? 0
      sizes.delete(key)
    },
    bytes: () => total,
    has: (key) => sizes.has(key),
  }
}
