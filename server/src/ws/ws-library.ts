/**
 * The `ws` library's server, loaded with `require`. Imported as an ES module, `ws` goes through
 * its ESM wrapper, and Node's loader scans each of the five CommonJS modules that wrapper imports
 * for its exports: about 55 ms of a server's start on a slow machine, against 13 ms to require the
 * same modules. The server build points every import of `ws` (the inlined @hono/node-ws's) here.
 */
import { createRequire } from 'node:module'
import type * as Ws from 'ws'

const ws = createRequire(import.meta.url)('ws') as typeof Ws

export const WebSocketServer = ws.WebSocketServer
