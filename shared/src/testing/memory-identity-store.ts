import type { IdentityStore, NodeIdentity } from '../agent/runtime'

export interface MemoryIdentityStore extends IdentityStore {
  /** What is stored now. */
  readonly current: NodeIdentity | null
  /** Every write, in order: `save` or `clear`. */
  readonly writes: readonly ('save' | 'clear')[]
}

/** An IdentityStore in memory, for tests. */
export function createMemoryIdentityStore(initial: NodeIdentity | null = null): MemoryIdentityStore {
  let current = initial && { ...initial }
  const writes: ('save' | 'clear')[] = []
  return {
    async load() {
      return current && { ...current }
    },
    async save(identity) {
      current = { ...identity }
      writes.push('save')
    },
    async clear() {
      current = null
      writes.push('clear')
    },
    get current() {
      return current
    },
    writes,
  }
}
