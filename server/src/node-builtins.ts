/**
 * Node's built-in modules that the server and its dependencies load, loaded before the database
 * opens (the server's boot entry imports the database opening, which imports this).
 *
 * Opening PGlite sets V8 flags for its WebAssembly compile (see `db/pglite-client.ts`), and V8
 * refuses Node's built-in code cache once any flag differs from its default: a built-in module
 * first loaded after that is compiled from its source, about twice the CPU. The server's own
 * modules load after the database starts opening (so that PGlite's start overlaps them), so the
 * built-ins they need are loaded here, first. `e2e/server-start-builtins.test.ts` fails when the
 * server comes to load one that is missing here.
 *
 * Importing a built-in from an ES module reads all its exports, so `node:process` and `node:util`
 * bring their lazy parts (the diagnostic report, parseArgs, MIME types) here as well.
 */
import 'node:assert'
import 'node:child_process'
import 'node:cluster'
import 'node:dgram'
import 'node:dns'
import 'node:fs/promises'
import 'node:http'
import 'node:http2'
import 'node:https'
import 'node:module'
import 'node:perf_hooks'
import 'node:process'
import 'node:tls'
import 'node:util'
import 'node:worker_threads'

/**
 * Loads what the imports above cannot: hono's Node adapter extends the global Request and Response
 * when it loads, and reading them loads Node's fetch (undici, the largest of the built-ins) and its
 * web streams. Called before the database opening sets its flags.
 */
export function loadServerBuiltins(): void {
  if (typeof globalThis.Request !== 'function' || typeof globalThis.Response !== 'function')
    throw new Error('this Node.js has no fetch Request and Response: Stark needs Node.js 20.19 or later')
}
