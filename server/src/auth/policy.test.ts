/**
 * The rules of who may do what (policy.ts), as pure functions: the role matrix, and the object
 * rules for packs, pods, nodes, namespaces and secrets, per kind of caller. The same rules seen
 * through the app are in the `*-ops.test.ts` files and http/rbac.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import type { NodeRecord, PackRecord, UserRecord } from '../store/records'
import {
  assertCanWrite,
  assertMayUsePriority,
  can,
  canAccessOwned,
  canManageNamespace,
  canReadAudit,
  canSeeNamespace,
  canSeeNode,
  canSeePack,
  canSeePod,
  canSeeSecret,
  canSendMessage,
  canUseNamespace,
  resourceKinds,
  USER_PRIORITY_MAX,
} from './policy'
import type { Principal } from './principal'

const user = (id: string, role: 'admin' | 'user' | 'viewer'): Principal => ({
  kind: 'user',
  id,
  role,
  email: `${id}@example.com`,
  sessionId: `s-${id}`,
  user: { id, role } as UserRecord,
})
const admin = user('root', 'admin')
const alice = user('alice', 'user')
const bob = user('bob', 'user')
const val = user('val', 'viewer')
const nodeRecord: NodeRecord = { ...makeNode('n1').record(), id: 'n1', ownerId: 'alice' }
const node: Principal = { kind: 'node', id: 'n1', role: 'node', node: nodeRecord }

const pack = (ownerId: string, visibility: 'public' | 'private') => ({ ownerId, visibility }) as PackRecord

describe('the role matrix', () => {
  it('gives admins every verb on every resource, viewers reads only, nodes next to nothing', () => {
    for (const kind of resourceKinds) {
      expect(can(admin, 'delete', kind), kind).toBe(true)
      expect(can(val, 'create', kind), kind).toBe(false)
    }
    expect(can(val, 'read', 'pods')).toBe(true)
    expect(can(val, 'read', 'secrets')).toBe(false)
    expect(can(val, 'read', 'users')).toBe(false)
    expect(can(alice, 'create', 'pods')).toBe(true)
    expect(can(alice, 'update', 'packs')).toBe(false)
    expect(can(alice, 'read', 'users')).toBe(false)
    expect(can(node, 'read', 'bundles')).toBe(true)
    expect(can(node, 'create', 'pods')).toBe(false)
  })

  it('refuses writes to viewers and nodes with 403', () => {
    expect(() => assertCanWrite(val)).toThrow(expect.objectContaining({ code: 'forbidden' }))
    expect(() => assertCanWrite(node)).toThrow(expect.objectContaining({ code: 'forbidden' }))
    expect(() => assertCanWrite(alice)).not.toThrow()
  })
})

describe('object rules', () => {
  it('owned rows: owners read and write, viewers read, other users nothing, admins all', () => {
    expect(canAccessOwned(alice, 'alice', 'write')).toBe(true)
    expect(canAccessOwned(bob, 'alice', 'read')).toBe(false)
    expect(canAccessOwned(val, 'alice', 'read')).toBe(true)
    expect(canAccessOwned(val, 'val', 'write')).toBe(false)
    expect(canAccessOwned(admin, 'alice', 'write')).toBe(true)
    expect(canAccessOwned(node, 'alice', 'read')).toBe(false)
  })

  it('packs: public ones for every user, private ones for the owner and admins; never a listing for nodes', () => {
    expect(canSeePack(bob, pack('alice', 'public'))).toBe(true)
    expect(canSeePack(bob, pack('alice', 'private'))).toBe(false)
    expect(canSeePack(val, pack('alice', 'private'))).toBe(false)
    expect(canSeePack(admin, pack('alice', 'private'))).toBe(true)
    expect(canSeePack(node, pack('alice', 'public'))).toBe(false)
  })

  it('pods: the owner, admins and viewers; a node only the pods bound to it', () => {
    const pod = { ...makePod('p').record(), ownerId: 'alice' }
    expect(canSeePod(alice, pod)).toBe(true)
    expect(canSeePod(bob, pod)).toBe(false)
    expect(canSeePod(val, pod)).toBe(true)
    expect(canSeePod(node, pod)).toBe(false)
    expect(canSeePod(node, { ...pod, nodeId: 'n1' })).toBe(true)
  })

  it('nodes: their owner and shared ones for users; a node itself only', () => {
    expect(canSeeNode(alice, nodeRecord)).toBe(true)
    expect(canSeeNode(bob, nodeRecord)).toBe(false)
    expect(canSeeNode(bob, { ...nodeRecord, ownerId: null })).toBe(true)
    expect(canSeeNode(val, nodeRecord)).toBe(true)
    expect(canSeeNode(node, nodeRecord)).toBe(true)
    expect(canSeeNode(node, { ...nodeRecord, id: 'n2' })).toBe(false)
  })

  it('namespaces: shared and own ones; system for admins only; users never manage shared ones', () => {
    const own = { name: 'team-a', ownerId: 'alice' }
    const shared = { name: 'default', ownerId: null }
    const system = { name: 'system', ownerId: null }
    expect(canSeeNamespace(bob, own)).toBe(false)
    expect(canSeeNamespace(val, own)).toBe(true)
    expect(canUseNamespace(alice, own)).toBe(true)
    expect(canUseNamespace(bob, own)).toBe(false)
    expect(canUseNamespace(bob, shared)).toBe(true)
    expect(canUseNamespace(bob, system)).toBe(false)
    expect(canUseNamespace(admin, system)).toBe(true)
    expect(canUseNamespace(val, shared)).toBe(false)
    expect(canManageNamespace(alice, own)).toBe(true)
    expect(canManageNamespace(bob, own)).toBe(false)
    expect(canManageNamespace(bob, shared)).toBe(false)
    expect(canManageNamespace(val, own)).toBe(false)
  })

  it('secrets: their owner and admins, never viewers or nodes; audit events for admins only', () => {
    expect(canSeeSecret(alice, { ownerId: 'alice' })).toBe(true)
    expect(canSeeSecret(bob, { ownerId: 'alice' })).toBe(false)
    expect(canSeeSecret(val, { ownerId: 'val' })).toBe(false)
    expect(canSeeSecret(admin, { ownerId: 'alice' })).toBe(true)
    expect(canSeeSecret(node, { ownerId: 'alice' })).toBe(false)
    expect(canReadAudit(admin)).toBe(true)
    expect(canReadAudit(val)).toBe(false)
  })

  it('priorities above the user ceiling are for admins', () => {
    expect(() => assertMayUsePriority(alice, USER_PRIORITY_MAX)).not.toThrow()
    expect(() => assertMayUsePriority(alice, USER_PRIORITY_MAX + 1)).toThrow(expect.objectContaining({ code: 'forbidden' }))
    expect(() => assertMayUsePriority(admin, 1000)).not.toThrow()
  })
})

describe('WebSocket messages', () => {
  it('lets users and join tokens register nodes, only users watch, and nothing else before registering', () => {
    expect(canSendMessage(alice, 'node:register', false).ok).toBe(true)
    expect(canSendMessage({ kind: 'join', role: 'node' }, 'node:register', false).ok).toBe(true)
    expect(canSendMessage(val, 'node:register', false)).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(canSendMessage(val, 'watch:subscribe', false).ok).toBe(true)
    expect(canSendMessage(node, 'watch:subscribe', false)).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(canSendMessage(node, 'pod:status', false)).toMatchObject({ ok: false, reason: 'not-registered' })
    expect(canSendMessage(node, 'pod:status', true).ok).toBe(true)
  })
})
