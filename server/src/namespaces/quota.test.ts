import { describe, expect, it } from 'vitest'
import { addUsage, hasQuota, NO_USAGE, quotaRefusal } from './quota'

describe('namespace quota', () => {
  const req = { cpu: 200, memory: 64 }

  it('fits while every limit holds, refuses naming every limit broken', () => {
    expect(quotaRefusal('team', { pods: 2, cpu: 400, memory: 128 }, { pods: 1, cpu: 200, memory: 64 }, req)).toBeNull()
    expect(quotaRefusal('team', { pods: 2, cpu: 400, memory: 128 }, { pods: 2, cpu: 400, memory: 128 }, req)).toBe(
      'quota of namespace team exceeded: pods 2 of 2 used; cpu 400m used + 200m requested > 400m; memory 128 MB used + 64 MB requested > 128 MB',
    )
    expect(quotaRefusal('team', { cpu: 300 }, { pods: 50, cpu: 200, memory: 9999 }, req)).toMatch(
      /cpu 200m used \+ 200m requested > 300m$/,
    )
  })

  it('a zero pods quota admits nothing; no limits admit anything', () => {
    expect(quotaRefusal('frozen', { pods: 0 }, NO_USAGE, req)).toMatch(/pods 0 of 0/)
    expect(quotaRefusal('open', {}, { pods: 1e6, cpu: 1e9, memory: 1e9 }, req)).toBeNull()
    expect(hasQuota({})).toBe(false)
    expect(hasQuota({ memory: 0 })).toBe(true)
  })

  it('adds and removes a request from usage', () => {
    expect(addUsage(addUsage(NO_USAGE, req, 1), req, -1)).toEqual(NO_USAGE)
  })
})
