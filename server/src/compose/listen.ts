/** Serves the app on the configured address, over HTTPS + WSS when TLS is configured. */
import { createServer as createHttpsServer } from 'node:https'
import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import type { ServerConfig } from '../config'
import { loadTls } from '../http/tls'

export async function listen(app: Hono, config: ServerConfig) {
  const tls = config.tls ? await loadTls(config.tls, config.home, config.host) : undefined
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        ...(tls ? { createServer: createHttpsServer, serverOptions: { cert: tls.cert, key: tls.key } } : {}),
      },
      () => resolve(s),
    )
    s.once('error', reject)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  return {
    server,
    port,
    url,
    tlsFingerprint: tls?.fingerprint,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      }),
  }
}
