import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { lockDirectory } from './dir-lock'
import { pgliteWasm } from './pglite-client'
import {
  deserializeError,
  type StoreMessage,
  type StoreRequest,
  serializeError,
  type WasmMessage,
} from './pglite-thread-protocol'
import { DatabaseUnavailableError, type Sql, type SqlClient } from './sql'

type Request = StoreRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never

/** The store thread's script, built beside the server (absent when running from sources). */
export function pgliteWorkerScript(): URL | null {
  const url = new URL('./pglite-worker.mjs', import.meta.url)
  return existsSync(fileURLToPath(url)) ? url : null
}

/**
 * The embedded store in a thread of its own (pglite-worker.ts): the same PGlite on the same data
 * directory, with the same settings and the same durability, behind the same SqlClient. The main
 * thread holds the directory's lock; the store thread runs PGlite, so its start overlaps the
 * loading of the rest of the server, and its queries' work runs beside the event loop.
 */
export async function openPgliteThread(options: { dataDir: string; script: URL }): Promise<SqlClient> {
  const lock = lockDirectory(options.dataDir)
  let worker: Worker
  try {
    // The WebAssembly compile starts here, on a background thread, while the store's thread starts.
    const wasm = pgliteWasm()
    worker = new Worker(options.script, {
      workerData: { dataDir: options.dataDir },
      // PGlite's own allocations are short-lived (a query's messages and rows): a small young
      // generation keeps the thread's heap small.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    })
    const sent = worker
    wasm.then(
      (module) => sent.postMessage({ kind: 'wasm', module } satisfies WasmMessage),
      (error) => sent.postMessage({ kind: 'wasm-failed', error: serializeError(error) } satisfies WasmMessage),
    )
  } catch (error) {
    lock.release()
    throw error
  }
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  const listeners = new Map<number, (payload: string) => void>()
  let nextId = 1
  let gone: Error | undefined
  let onReady: { resolve(): void; reject(error: Error): void } | undefined
  const ready = new Promise<void>((resolve, reject) => {
    onReady = { resolve, reject }
  })

  const fail = (error: Error) => {
    gone ??= error
    onReady?.reject(gone)
    for (const call of pending.values()) call.reject(gone)
    pending.clear()
  }
  worker.on('message', (message: StoreMessage) => {
    switch (message.kind) {
      case 'ready':
        return onReady?.resolve()
      case 'failed':
        return fail(deserializeError(message.error))
      case 'notify':
        return listeners.get(message.listener)?.(message.payload)
      case 'reply':
      case 'error': {
        const call = pending.get(message.id)
        pending.delete(message.id)
        if (message.kind === 'reply') call?.resolve(message.value)
        else call?.reject(deserializeError(message.error))
      }
    }
  })
  worker.on('error', (error) =>
    fail(new DatabaseUnavailableError(`the store's thread failed: ${error.message}`, { cause: error })),
  )
  worker.on('exit', (code) => {
    fail(new DatabaseUnavailableError(`the store's thread exited (code ${code})`))
    lock.release()
  })

  const call = <T>(request: Request, register?: (id: number) => void): Promise<T> => {
    if (gone) return Promise.reject(gone)
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      register?.(id)
      try {
        worker.postMessage({ ...request, id })
      } catch (error) {
        pending.delete(id)
        reject(error as Error)
      }
    })
  }
  const sql = (tx?: number): Sql => ({
    query: <T>(text: string, params?: readonly unknown[]) =>
      call<T[]>({ op: 'query', text, ...(params ? { params } : {}), ...(tx === undefined ? {} : { tx }) }),
    exec: (text: string) => call<void>({ op: 'exec', text, ...(tx === undefined ? {} : { tx }) }),
  })

  try {
    await ready
  } catch (error) {
    await worker.terminate()
    throw error
  }
  let closing: Promise<void> | undefined
  return {
    ...sql(),
    engine: 'pglite',
    async transaction(fn) {
      let tx = 0
      await call<void>({ op: 'begin' }, (id) => {
        tx = id
      })
      let result: Awaited<ReturnType<typeof fn>>
      try {
        result = await fn(sql(tx))
      } catch (error) {
        await call({ op: 'end', tx, commit: false }).catch(() => {})
        throw error
      }
      await call({ op: 'end', tx, commit: true })
      return result
    },
    async listen(channel, onNotify, onListen) {
      let listener = 0
      await call<void>({ op: 'listen', channel }, (id) => {
        listener = id
        listeners.set(id, onNotify)
      }).catch((error) => {
        listeners.delete(listener)
        throw error
      })
      onListen?.()
      return async () => {
        listeners.delete(listener)
        await call({ op: 'unlisten', listener })
      }
    },
    close() {
      closing ??= (async () => {
        try {
          await call({ op: 'close' })
        } catch {
          await worker.terminate()
        }
        await exited
        lock.release()
      })()
      return closing
    },
  }
}
