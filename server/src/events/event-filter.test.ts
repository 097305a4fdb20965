import { describe, expect, it } from 'vitest'
import type { Principal } from '../auth/principal'
import type { EventRecord, UserRecord } from '../store/records'
import { eventFilter, parseResource } from './event-filter'

const ev = (over: Partial<EventRecord>): EventRecord => ({
  id: 1,
  type: 'PodFailed',
  category: 'pod',
  severity: 'warning',
  resourceType: 'pod',
  resourceId: 'p-id',
  resourceName: 'web',
  namespace: 'default',
  ownerId: 'u1',
  previousState: 'Running',
  newState: 'Failed',
  reason: 'Error',
  message: 'boom',
  correlationId: null,
  actorId: null,
  createdAt: 1000,
  count: 1,
  lastSeen: 1000,
  ...over,
})

const user = (id: string, role: 'admin' | 'user' | 'viewer'): Principal => ({
  kind: 'user',
  id,
  role,
  email: `${id}@example.com`,
  sessionId: 's',
  user: { id, email: `${id}@example.com`, role } as UserRecord,
})

describe('eventFilter', () => {
  it('parses a resource as a type or type/name', () => {
    expect(parseResource('pod')).toEqual({ type: 'pod' })
    expect(parseResource('pod/web')).toEqual({ type: 'pod', ref: 'web' })
  })

  it('turns the REST query into a store query; users see only their own', () => {
    const f = eventFilter(user('u1', 'user'), {
      category: 'pod',
      resource: 'pod/web',
      namespace: 'default',
      severity: 'warning,error',
      type: 'PodFailed',
      since: 500,
    })
    expect(f.query).toEqual({
      category: 'pod',
      resourceType: 'pod',
      resourceRef: 'web',
      namespace: 'default',
      severities: ['warning', 'error'],
      type: 'PodFailed',
      since: 500,
      visibleTo: 'u1',
      excludeCategory: 'audit',
    })
    expect(eventFilter(user('a', 'admin'), {}).query).toEqual({})
    expect(eventFilter(user('v', 'viewer'), { resource: 'node' }).query).toEqual({
      resourceType: 'node',
      excludeCategory: 'audit',
    })
  })

  it.each([
    [{}, ev({}), true],
    [{ category: 'node' }, ev({}), false],
    [{ resource: 'pod' }, ev({}), true],
    [{ resource: 'node' }, ev({}), false],
    [{ resource: 'pod/web' }, ev({}), true],
    [{ resource: 'pod/p-id' }, ev({}), true],
    [{ resource: 'pod/api' }, ev({}), false],
    [{ namespace: 'team' }, ev({}), false],
    [{ severity: 'error' }, ev({}), false],
    [{ severity: 'warning,error' }, ev({}), true],
    [{ type: 'PodRunning' }, ev({}), false],
    [{ since: 2000 }, ev({}), false],
    [{ since: 1000 }, ev({}), true],
  ])('live events match the same query: %j', (input, e, want) => {
    expect(eventFilter(user('admin', 'admin'), input).matches(e)).toBe(want)
  })

  it('live events keep to what the caller may see', () => {
    expect(eventFilter(user('u1', 'user'), {}).matches(ev({ ownerId: 'u1' }))).toBe(true)
    expect(eventFilter(user('u2', 'user'), {}).matches(ev({ ownerId: 'u1' }))).toBe(false)
    // Acting on another user's resource shows no event about it; acting on nothing owned does.
    expect(eventFilter(user('u2', 'user'), {}).matches(ev({ ownerId: 'u1', actorId: 'u2' }))).toBe(false)
    expect(eventFilter(user('u2', 'user'), {}).matches(ev({ ownerId: null, actorId: 'u2' }))).toBe(true)
    expect(eventFilter(user('v', 'viewer'), {}).matches(ev({ ownerId: 'u1' }))).toBe(true)
  })

  it('audit events reach admins only, even the user they are about', () => {
    const audit = ev({ category: 'audit', type: 'LoginFailed', ownerId: 'u1', actorId: 'u1' })
    expect(eventFilter(user('a', 'admin'), {}).matches(audit)).toBe(true)
    expect(eventFilter(user('v', 'viewer'), {}).matches(audit)).toBe(false)
    expect(eventFilter(user('u1', 'user'), {}).matches(audit)).toBe(false)
  })
})
