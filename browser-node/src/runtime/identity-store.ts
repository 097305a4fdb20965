/**
 * The node identity (id, name, node token) in IndexedDB, one record per node name, so several
 * nodes (a headless fleet's pages share one origin) keep separate identities.
 */
import type { IdentityStore, NodeIdentity } from '@stark/shared'
import type { KeyValueStore } from './idb'

const isIdentity = (v: unknown): v is NodeIdentity =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as NodeIdentity).nodeId === 'string' &&
  typeof (v as NodeIdentity).name === 'string' &&
  typeof (v as NodeIdentity).nodeToken === 'string'

export function createIdbIdentityStore(store: KeyValueStore<NodeIdentity>, name: string): IdentityStore {
  return {
    async load() {
      const v = await store.get(name)
      if (v === undefined) return null
      if (!isIdentity(v)) throw new Error(`the stored identity of node "${name}" is not valid`)
      return { nodeId: v.nodeId, name: v.name, nodeToken: v.nodeToken }
    },
    async save({ nodeId, name: n, nodeToken }) {
      await store.put(name, { nodeId, name: n, nodeToken })
    },
    async clear() {
      await store.delete(name)
    },
  }
}
