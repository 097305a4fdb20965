import { describe, expect, it } from 'vitest'
import { createPodUsageMeter } from './pod-usage'

describe('a browser pod’s usage', () => {
  it('is nothing until the worker reports, then its late share since the last reading', () => {
    let t = 0
    const meter = createPodUsageMeter(() => t)
    expect(meter.read()).toBeUndefined()
    meter.reported({ checks: 10, busy: 2 })
    expect(meter.read()).toEqual({ cpu: 200, memory: 0 })
    t = 1000
    meter.reported({ checks: 30, busy: 17 })
    expect(meter.read()).toEqual({ cpu: 750, memory: 0 })
    // No check since: no figure to go on but an idle one.
    expect(meter.read()).toEqual({ cpu: 0, memory: 0 })
  })

  it('counts a worker that has gone silent as fully busy', () => {
    let t = 0
    const meter = createPodUsageMeter(() => t, 3000)
    meter.reported({ checks: 10, busy: 0 })
    t = 3001
    expect(meter.read()).toEqual({ cpu: 1000, memory: 0 })
  })

  it('believes no counts that shrink or more late checks than checks', () => {
    const meter = createPodUsageMeter(() => 0)
    meter.reported({ checks: 10, busy: 1 })
    meter.reported({ checks: 5, busy: 1 })
    meter.reported({ checks: 20, busy: 30 })
    expect(meter.read()).toEqual({ cpu: 100, memory: 0 })
  })
})
