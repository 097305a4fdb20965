import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Hono } from 'hono'
import { findWebDir, webRoutes } from './web'

const dir = mkdtempSync(join(tmpdir(), 'stark-web-'))
mkdirSync(join(dir, 'assets'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Stark</title>')
writeFileSync(join(dir, 'node.html'), '<!doctype html><title>Stark node</title>')
writeFileSync(join(dir, 'sw.js'), 'self.x = 1')
writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const app = new Hono().route('/', webRoutes(dir))
app.notFound((c) => c.json({ error: { code: 'not_found', message: 'nope' } }, 404))
const get = (path: string) => app.request(path)

describe('web routes', () => {
  it('serves index.html at / and for client-side routes, without caching', async () => {
    for (const path of ['/', '/nodes/abc', '/index.html']) {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('<title>Stark</title>')
    }
  })

  it('serves sw.js and the other pages uncached and hashed assets for a year', async () => {
    expect((await get('/sw.js')).headers.get('cache-control')).toBe('no-cache')
    // A page names its hashed assets: a stale one would ask for assets a new build no longer has.
    expect((await get('/node.html')).headers.get('cache-control')).toBe('no-cache')
    const asset = await get('/assets/app-abc123.js')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect(asset.headers.get('content-type')).toContain('javascript')
  })

  it('leaves /api, /ws, /health, missing files and path tricks to the JSON 404', async () => {
    for (const path of ['/api/nope', '/api', '/health', '/missing.js', '/..%2f..%2fetc%2fhostname.txt', '/%E0%A4%A']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type'), path).toContain('application/json')
    }
  })

  it('never serves a file outside its directory', async () => {
    const res = await get('/..%2f..%2f..%2f..%2fetc%2fpasswd')
    expect(await res.text()).not.toContain('root:')
  })

  it('finds nothing to serve where no build exists', () => {
    expect(findWebDir(tmpdir())).toBeNull()
  })
})
