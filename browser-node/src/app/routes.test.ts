import { describe, expect, it } from 'vitest'
import { isAppRoute } from './routes'

describe('the app routes the service worker serves', () => {
  it('are the one page, with or without a query', () => {
    for (const p of ['/', '/index.html', '/?x=1', '/index.html?headless=1']) expect(isAppRoute(p), p).toBe(true)
  })
  it('are none of the server routes, known or not', () => {
    for (const p of ['/metrics', '/api/nodes', '/api/', '/ws', '/health', '/healthz', '/readyz', '/sw.js', '/x', '/metrics?x=/'])
      expect(isAppRoute(p), p).toBe(false)
  })
})
