import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/test-server'
import { can, ROLE_RULES } from '../../auth/policy'
import { routeRule } from './route-policy'

describe('route policy', () => {
  it('maps methods and paths to verbs on resources', () => {
    expect(routeRule('GET', '/pods/web-1/logs')).toEqual({ public: false, kind: 'pods', verb: 'read' })
    expect(routeRule('POST', '/pods')).toEqual({ public: false, kind: 'pods', verb: 'create' })
    expect(routeRule('POST', '/pods/web-1/rollback')).toEqual({ public: false, kind: 'pods', verb: 'update' })
    expect(routeRule('PATCH', '/nodes/n1')).toEqual({ public: false, kind: 'nodes', verb: 'update' })
    expect(routeRule('POST', '/nodes/n1/cordon')).toEqual({ public: false, kind: 'nodes', verb: 'update' })
    expect(routeRule('POST', '/nodes/tokens')).toEqual({ public: false, kind: 'jointokens', verb: 'create' })
    expect(routeRule('DELETE', '/secrets/db')).toEqual({ public: false, kind: 'secrets', verb: 'delete' })
    expect(routeRule('PUT', '/auth/registration')).toEqual({ public: false, kind: 'settings', verb: 'update' })
    expect(routeRule('POST', '/auth/logout')).toEqual({ public: false, kind: 'self', verb: 'delete' })
    expect(routeRule('POST', '/auth/login')).toEqual({ public: true })
    expect(routeRule('GET', '/something-new')).toEqual({ public: false, kind: null })
  })

  it('viewers never create, update or delete; nodes only read bundles, pods and nodes', () => {
    for (const [kind, verbs] of Object.entries(ROLE_RULES.viewer)) {
      for (const verb of verbs ?? []) if (kind !== 'self') expect(verb, `viewer ${verb} ${kind}`).toBe('read')
    }
    expect(Object.keys(ROLE_RULES.node).sort()).toEqual(['bundles', 'nodes', 'pods', 'self'])
    expect(can({ kind: 'user', role: 'viewer' } as never, 'read', 'secrets')).toBe(false)
    expect(can({ kind: 'user', role: 'user' } as never, 'read', 'users')).toBe(false)
  })
})

describe('every REST route has an access rule', () => {
  let s: TestServer
  beforeAll(async () => {
    s = await startTestServer()
  })
  afterAll(() => s?.close())

  it('no /api route falls back to admins-only for want of a rule (add new resources to policy.ts)', () => {
    const routes = (s.app as unknown as { routes: { method: string; path: string }[] }).routes
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => ({ ...r, rule: routeRule(r.method, r.path.replace(/^\/api/, '').replace(/:(\w+)(\{[^}]*\})?/g, 'x')) }))
    expect(routes.length).toBeGreaterThan(40)
    expect(routes.filter((r) => !r.rule.public && r.rule.kind === null).map((r) => `${r.method} ${r.path}`)).toEqual([])
  })
})
