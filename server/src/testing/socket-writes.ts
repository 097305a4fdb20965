import { Socket } from 'node:net'

/**
 * How many writes `run` makes to sockets whose remote port is `port` (a database's round trips,
 * as its driver batches them), counted on Node's Socket.prototype.write while it runs.
 */
export async function countSocketWrites(port: number, run: () => Promise<unknown>): Promise<number> {
  let writes = 0
  const write = Socket.prototype.write
  Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
    if (this.remotePort === port) writes++
    return (write as (...a: unknown[]) => boolean).apply(this, args)
  } as typeof write
  try {
    await run()
  } finally {
    Socket.prototype.write = write
  }
  return writes
}

/** The port of a PostgreSQL URL. */
export const portOf = (url: string): number => Number(new URL(url).port || 5432)
