/**
 * The server's REST views carry everything the shared summaries promise (checked by the type
 * checker: a view that drops or retypes a summary field fails the type check).
 */
import type { ListAnswer, NodeSummary, PodSummary, ServiceSummary } from '@stark/shared'
import { describe, expectTypeOf, it } from 'vitest'
import type { NodeView } from './nodes/node-view'
import type { PodView } from './pods/pod-view'
import type { ServiceView } from './services/service-view'

describe('REST views and the shared summaries', () => {
  it('every view is assignable to its summary', () => {
    expectTypeOf<NodeView>().toExtend<NodeSummary>()
    expectTypeOf<PodView>().toExtend<PodSummary>()
    expectTypeOf<ServiceView>().toExtend<ServiceSummary>()
    expectTypeOf<{ items: PodView[]; nextCursor: string | null }>().toExtend<ListAnswer<PodSummary>>()
  })
})
