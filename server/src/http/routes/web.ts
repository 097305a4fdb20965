/**
 * The PWA (browser-node/dist) at `/`: static files, `Cache-Control: no-cache` on the files that
 * name the others (the pages, sw.js, the manifest), long caching for hashed assets, and the app
 * for any other path outside /api, /ws and /health (client-side routes, deep links).
 */
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'

/** Finds `browser-node/dist` (with an index.html) by walking up from this module; null if not built. */
export function findWebDir(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'browser-node', 'dist')
    if (existsSync(join(candidate, 'index.html'))) return candidate
    if (dirname(dir) === dir) return null
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
}

const NO_CACHE = new Set(['/index.html', '/node.html', '/run.html', '/sw.js', '/manifest.webmanifest', '/pack-worker.js'])
const isReserved = (path: string) => path === '/api' || path.startsWith('/api/') || path === '/ws' || path === '/health'

export function webRoutes(dir: string) {
  const root = normalize(dir + sep)
  const app = new Hono()

  async function file(path: string): Promise<{ body: Buffer; path: string } | undefined> {
    const full = normalize(join(root, path))
    if (!full.startsWith(root)) return undefined
    try {
      if (!(await stat(full)).isFile()) return undefined
      return { body: await readFile(full), path }
    } catch {
      return undefined
    }
  }

  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path
    if (isReserved(path)) return next()
    let decoded: string
    try {
      decoded = decodeURIComponent(path)
    } catch {
      return next()
    }
    const found =
      (decoded !== '/' && (await file(decoded))) ||
      (extname(decoded) === '' || decoded === '/' ? await file('/index.html') : undefined)
    if (!found) return next()
    const cache = NO_CACHE.has(found.path)
      ? 'no-cache'
      : found.path.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=3600'
    return c.body(new Uint8Array(found.body), 200, {
      'content-type': TYPES[extname(found.path)] ?? 'application/octet-stream',
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
    })
  })
  return app
}
