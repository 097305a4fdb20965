/**
 * @hono/node-ws's listeners for a socket close over the upgrade's Hono `Context` for the
 * connection's life, and through it over what the upgrade request left: the `IncomingMessage`,
 * the `Response` answered, the URL copy on the socket's context. Once the socket is open none of
 * those is read again; letting go of the ones reachable through mutable fields saves their memory
 * per connection (the `Request` itself sits in a private field of the Context and stays).
 */
import type { Context } from 'hono'
import type { WSContext } from 'hono/ws'

export function releaseUpgrade(c: Context, ws: WSContext): void {
  const env: unknown = c.env
  if (typeof env === 'object' && env !== null && 'incoming' in env) (env as { incoming: unknown }).incoming = undefined
  c.res = undefined
  if ('url' in ws) (ws as { url: URL | null }).url = null
}
