/**
 * A TCP proxy between an agent and the server, so a test can drop the agent's connection from
 * outside (the sockets close; the agent process lives on) and let it reconnect.
 */
import { createServer, connect, type Socket } from 'node:net'

export interface TcpProxy {
  url: string
  /** Closes every connection through the proxy (new ones are accepted). */
  dropAll(): number
  close(): Promise<void>
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target)
  const pairs = new Set<[Socket, Socket]>()
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname)
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    const end = () => {
      client.destroy()
      upstream.destroy()
      pairs.delete(pair)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const listenPort = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${listenPort}`,
    dropAll() {
      const n = pairs.size
      for (const [a, b] of [...pairs]) {
        a.destroy()
        b.destroy()
      }
      return n
    },
    close: () =>
      new Promise((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy()
          b.destroy()
        }
        server.close(() => resolve())
      }),
  }
}
