/**
 * Prepared statements for the embedded store. PGlite's `query()` parses, plans and describes every
 * statement anew on each call (an unnamed statement, six protocol calls into the WebAssembly
 * module); the server runs a few hundred distinct statements over and over. Each is prepared once
 * under a name of its own (parse and describe), then run as bind, execute and sync in one call,
 * and PostgreSQL keeps its plan. Parameters are serialized and rows parsed with PGlite's own
 * serializers and parsers, exactly as `query()` does. The caller holds PGlite's locks.
 */
import { type PGlite, parse, protocol } from '@electric-sql/pglite'

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number]

interface Prepared {
  name: string
  /** The parameters' type oids, as PostgreSQL inferred them. */
  paramTypes: number[]
  /** What the rows look like (absent for a statement that returns none). */
  rowDescription?: BackendMessage
}

/** The most statements kept prepared at once (the least recently used one is closed beyond it). */
export const MAX_PREPARED = 500

const { serialize } = protocol

export interface StatementCacheOptions {
  /** The most statements kept prepared (default MAX_PREPARED). */
  max?: number
  /** What the statements' names start with: one cache per prefix on a database (default 'stark_s'). */
  prefix?: string
}

export function createStatementCache(db: PGlite, options: StatementCacheOptions = {}) {
  const max = options.max ?? MAX_PREPARED
  const prefix = options.prefix ?? 'stark_s'
  const prepared = new Map<string, Prepared>() // statement text → prepared, least recently used first
  let counter = 0

  async function prepare(text: string): Promise<Prepared> {
    const name = `${prefix}${++counter}`
    const { messages } = await db.execProtocol(
      Buffer.concat([serialize.parse({ name, text, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    )
    const statement: Prepared = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((m) => m.name === 'rowDescription'),
    }
    prepared.set(text, statement)
    if (prepared.size > max) {
      const [oldText, old] = prepared.entries().next().value as [string, Prepared]
      prepared.delete(oldText)
      await db.execProtocol(Buffer.concat([serialize.close({ type: 'S', name: old.name }), serialize.sync()]), {
        syncToFs: false,
      })
    }
    return statement
  }

  return {
    /** Runs one parameterised statement; its rows, parsed as `query()` would. */
    async query<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      let statement = prepared.get(text)
      if (statement) {
        prepared.delete(text) // most recently used last
        prepared.set(text, statement)
      } else statement = await prepare(text)
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null
        const serializer = db.serializers[statement.paramTypes[i]!]
        return serializer ? serializer(value) : String(value)
      })
      const { messages } = await db.execProtocol(
        Buffer.concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]),
        { syncToFs: false },
      )
      const all = statement.rowDescription ? [statement.rowDescription, ...messages] : messages
      return (parse.parseResults(all, db.parsers)[0]?.rows ?? []) as T[]
    },
    /**
     * Forgets every prepared statement (after a schema change: a statement's rows may have
     * changed shape, which PostgreSQL refuses for a prepared one).
     */
    async clear(): Promise<void> {
      if (prepared.size === 0) return
      prepared.clear()
      await db.execProtocol(serialize.query('DEALLOCATE ALL'), { syncToFs: false })
    },
    /** How many statements are prepared (for tests). */
    get size() {
      return prepared.size
    },
  }
}
export type StatementCache = ReturnType<typeof createStatementCache>
