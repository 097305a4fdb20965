import { describe, expect, it } from 'vitest'
import type { EventRecord } from '../store/records'
import { matchesTopic } from './event-view'

const ev = (over: Partial<EventRecord>): EventRecord => ({
  id: 1,
  type: 'PodScheduled',
  category: 'scheduler',
  severity: 'info',
  resourceType: 'pod',
  resourceId: 'p-id',
  resourceName: 'web-1',
  namespace: 'default',
  ownerId: null,
  previousState: null,
  newState: null,
  reason: null,
  message: null,
  correlationId: null,
  actorId: null,
  createdAt: 0,
  count: 1,
  lastSeen: 0,
  ...over,
})

describe('matchesTopic', () => {
  it.each([
    ['*', ev({}), true],
    ['pod:*', ev({}), true],
    ['scheduler:*', ev({}), true],
    ['node:*', ev({}), false],
    ['pod:web-1', ev({}), true],
    ['pod:p-id', ev({}), true],
    ['pod:web-2', ev({}), false],
    ['node:*', ev({ category: 'node', resourceType: 'node', resourceName: 'n1' }), true],
  ])('%s', (topic, e, want) => expect(matchesTopic(topic, e)).toBe(want))
})
