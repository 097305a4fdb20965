/**
 * A small promise wrapper over one IndexedDB database with plain key/value stores. Credentials
 * (the node identity, the user's session) live here: IndexedDB belongs to the app's origin only,
 * and pack code runs in an opaque origin that cannot open it.
 */
export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>
  put(key: string, value: T): Promise<void>
  delete(key: string): Promise<void>
  keys(): Promise<string[]>
}

export const STORES = ['identity', 'session', 'state'] as const
export type StoreName = (typeof STORES)[number]

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'))
  })

export function openDatabase(name = 'stark', factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, 1)
    open.onupgradeneeded = () => {
      for (const s of STORES) if (!open.result.objectStoreNames.contains(s)) open.result.createObjectStore(s)
    }
    open.onsuccess = () => resolve(open.result)
    open.onerror = () => reject(open.error ?? new Error(`could not open IndexedDB "${name}"`))
    open.onblocked = () => reject(new Error(`IndexedDB "${name}" is blocked by another tab`))
  })
}

export function keyValueStore<T>(db: Promise<IDBDatabase>, store: StoreName): KeyValueStore<T> {
  async function run<R>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<R>): Promise<R> {
    const tx = (await db).transaction(store, mode)
    const result = await request(fn(tx.objectStore(store)))
    if (mode === 'readwrite') {
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve()
        tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'))
      })
    }
    return result
  }
  return {
    get: (key) => run('readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
    put: async (key, value) => void (await run('readwrite', (s) => s.put(value, key))),
    delete: async (key) => void (await run('readwrite', (s) => s.delete(key))),
    keys: async () => (await run('readonly', (s) => s.getAllKeys())).map(String),
  }
}
