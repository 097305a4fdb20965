import { describe, expect, it } from 'vitest'
import { allowedMethods } from './allowed-methods'

const routes = [
  { method: 'ALL', path: '/api/*' },
  { method: 'GET', path: '/api/pods' },
  { method: 'POST', path: '/api/pods' },
  { method: 'GET', path: '/api/pods/:ref' },
  { method: 'DELETE', path: '/api/pods/:ref' },
  { method: 'POST', path: '/api/pods/:ref/rollback' },
  { method: 'GET', path: '/health' },
]

describe('allowed methods of a path', () => {
  it.each([
    ['/api/pods', ['GET', 'HEAD', 'POST']],
    ['/api/pods/', ['GET', 'HEAD', 'POST']],
    ['/api/pods/web-1', ['DELETE', 'GET', 'HEAD']],
    ['/api/pods/web-1/rollback', ['POST']],
    ['/health', ['GET', 'HEAD']],
    ['/api/nothing', []],
    ['/api/pods/a/b', []],
  ])('%s → %j', (path, want) => expect(allowedMethods(routes, path)).toEqual(want))
})
