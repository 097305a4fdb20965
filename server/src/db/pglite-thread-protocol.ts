/**
 * What the server's main thread and the embedded store's thread (pglite-worker.ts) tell each other.
 * Rows, parameters and errors cross by structured clone; errors as plain fields (PostgreSQL's
 * `code` among them), since a class does not cross a thread.
 */
export type StoreRequest =
  | { id: number; op: 'query'; text: string; params?: readonly unknown[]; tx?: number }
  | { id: number; op: 'exec'; text: string; tx?: number }
  /** Opens a transaction; its id is the request's. */
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  /** Starts listening; notifications name the request's id as their listener. */
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; listener: number }
  | { id: number; op: 'close' }

/** The main thread's first message: PGlite's compiled module (a module crosses threads without a recompile). */
export type WasmMessage = { kind: 'wasm'; module: WebAssembly.Module } | { kind: 'wasm-failed'; error: SerializedError }

export type StoreMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'reply'; id: number; value?: unknown }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'notify'; listener: number; payload: string }

export type SerializedError = { name: string; message: string; stack?: string; fields: Record<string, unknown> }

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} }
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(error)) {
    if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) fields[key] = value
  }
  return { name: error.name, message: error.message, stack: error.stack, fields }
}

export function deserializeError(error: SerializedError): Error {
  const result = Object.assign(new Error(error.message), error.fields)
  result.name = error.name
  if (error.stack) result.stack = error.stack
  return result
}
