/**
 * The node identity (id, name, node token) in IndexedDB, one record per node name, so several
 * nodes (a headless fleet's pages share one origin) keep separate identities.
 */
import { type IdentityStore, type NodeIdentity, readNodeIdentity, storedNodeIdentity } from '@stark/shared'
import type { KeyValueStore } from './idb'

export function createIdbIdentityStore(store: KeyValueStore<NodeIdentity>, name: string): IdentityStore {
  return {
    async load() {
      const v = await store.get(name)
      if (v === undefined) return null
      const identity = readNodeIdentity(v)
      if (!identity) throw new Error(`the stored identity of node "${name}" is not valid`)
      return identity
    },
    async save(identity) {
      await store.put(name, storedNodeIdentity(identity))
    },
    async clear() {
      await store.delete(name)
    },
  }
}
