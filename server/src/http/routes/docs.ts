/**
 * `/api/docs`: the API reference page (Swagger UI over `/api/openapi.json`), with Swagger UI's
 * script and style served by this server from the `swagger-ui-dist` package — the page works on
 * a network without internet access. Public, like the document it shows.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { swaggerUI } from '@hono/swagger-ui'
import { Hono } from 'hono'
import type { AppEnv } from '../env'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
}

/** Mounted at /api/docs. */
export function docsRoutes() {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const cache = new Map<string, Promise<Buffer>>()
  return new Hono<AppEnv>()
    .get('/', swaggerUI({ url: '/api/openapi.json', title: 'Stark API', baseUrl: '/api/docs/assets' }))
    .get('/assets/swagger-ui-dist/:file', async (c) => {
      const file = c.req.param('file')
      const type = ASSETS[file]
      if (!type) return c.json({ error: { code: 'not_found', message: `no docs asset ${file}` } }, 404)
      let body = cache.get(file)
      if (!body) cache.set(file, (body = readFile(join(dist, file))))
      return c.body(new Uint8Array(await body), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' })
    })
}
