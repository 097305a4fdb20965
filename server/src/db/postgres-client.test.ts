import { afterAll, describe, expect, it } from 'vitest'
import { postgresTestUrl } from '../testing/databases'
import { openPostgres } from './postgres-client'
import type { SqlClient } from './sql'

const url = postgresTestUrl()

describe.skipIf(!url)('PostgreSQL client: a connection the database ends', () => {
  const clients: SqlClient[] = []
  const open = async () => {
    const client = await openPostgres({ url: url!, max: 1 })
    clients.push(client)
    return client
  }
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()))
  })

  // The driver wrote the transaction's next statement (or its own ROLLBACK) to the closed socket
  // from a timer, which threw where nothing could catch it and ended the server; it depended on
  // timing, hence several rounds. An unhandled error fails this test.
  it('fails the transaction on it with an error, and throws nothing where nobody can catch it', async () => {
    const admin = await open()
    for (let round = 0; round < 10; round++) {
      const db = await open()
      const failed = await db
        .transaction(async (tx) => {
          const [own] = await tx.query<{ pid: number }>('select pg_backend_pid() as pid')
          await admin.query('select pg_terminate_backend($1)', [own!.pid])
          await tx.query('select 1')
          await tx.query('select 2')
        })
        .then(
          () => null,
          (error: Error) => error,
        )
      expect(failed).toBeInstanceOf(Error)
      // What was scheduled on the closed connection runs now.
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })
})
