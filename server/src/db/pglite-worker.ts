/**
 * The embedded store's thread: PGlite opened and run off the server's main thread (see
 * pglite-thread.ts). Its start (the WebAssembly instantiation, PostgreSQL's own start, the first
 * catalog reads) then overlaps the loading of the server's modules instead of following it, and the
 * queries' work later runs beside the event loop rather than on it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openPglite } from './pglite-client'
import {
  deserializeError,
  type StoreMessage,
  type StoreRequest,
  serializeError,
  type WasmMessage,
} from './pglite-thread-protocol'
import type { Sql } from './sql'

interface OpenTransaction {
  sql: Sql
  end(commit: boolean): void
  ended: Promise<void>
}

const ROLLBACK = Symbol('rollback')

async function serve(port: NonNullable<typeof parentPort>, dataDir: string) {
  const post = (message: StoreMessage) => port.postMessage(message)
  // The main thread compiles PGlite's module (begun before this thread started) and sends it first.
  const wasm = new Promise<WebAssembly.Module>((resolve, reject) =>
    port.once('message', (message: WasmMessage) =>
      message.kind === 'wasm' ? resolve(message.module) : reject(deserializeError(message.error)),
    ),
  )
  let db: Awaited<ReturnType<typeof openPglite>>
  try {
    // The caller holds the directory's lock (a lock error is then the main thread's own class).
    db = await openPglite({ dataDir, locked: true, wasm })
  } catch (error) {
    post({ kind: 'failed', error: serializeError(error) })
    return
  }
  const transactions = new Map<number, OpenTransaction>()
  const listeners = new Map<number, () => Promise<void>>()
  const sqlFor = (tx: number | undefined): Sql => {
    if (tx === undefined) return db
    const open = transactions.get(tx)
    if (!open) throw new Error(`no open transaction ${tx}`)
    return open.sql
  }

  /** Opens a transaction that stays open until its `end` request: PGlite holds it (and its lock) meanwhile. */
  const begin = () =>
    new Promise<OpenTransaction>((resolve, reject) => {
      let end!: (commit: boolean) => void
      const decided = new Promise<boolean>((r) => {
        end = r
      })
      let began = false
      const ended = db
        .transaction(async (sql) => {
          began = true
          resolve({ sql, end, ended })
          if (!(await decided)) throw ROLLBACK
        })
        .catch((error) => {
          if (error !== ROLLBACK) throw error
        })
      ended.catch((error) => {
        if (!began) reject(error)
      })
    })

  const handle = async (request: StoreRequest): Promise<unknown> => {
    switch (request.op) {
      case 'query':
        return sqlFor(request.tx).query(request.text, request.params)
      case 'exec':
        return sqlFor(request.tx).exec(request.text)
      case 'begin': {
        transactions.set(request.id, await begin())
        return undefined
      }
      case 'end': {
        const open = transactions.get(request.tx)
        if (!open) throw new Error(`no open transaction ${request.tx}`)
        transactions.delete(request.tx)
        open.end(request.commit)
        return open.ended
      }
      case 'listen': {
        const id = request.id
        listeners.set(id, await db.listen(request.channel, (payload) => post({ kind: 'notify', listener: id, payload })))
        return undefined
      }
      case 'unlisten': {
        const off = listeners.get(request.listener)
        listeners.delete(request.listener)
        return off?.()
      }
      case 'close':
        return db.close()
    }
  }

  port.on('message', (request: StoreRequest) => {
    handle(request)
      .then(
        (value) => post({ kind: 'reply', id: request.id, value }),
        (error) => post({ kind: 'error', id: request.id, error: serializeError(error) }),
      )
      // After a close, the thread has nothing left to do: it ends once its reply is sent.
      .finally(() => request.op === 'close' && port.unref())
  })
  post({ kind: 'ready' })
}

if (parentPort) await serve(parentPort, (workerData as { dataDir: string }).dataDir)
