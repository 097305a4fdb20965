import { describe, expect, it } from 'vitest'
import { DEFAULT_USER_LIMITS, userLimitsFromEnv, userNamespaceQuota } from './user-limits'

describe('user limits', () => {
  it('default to 200 MB and 500 pack versions, 1000 waiting pods and 100 pods per user namespace', () => {
    expect(userLimitsFromEnv({})).toEqual(DEFAULT_USER_LIMITS)
    expect(DEFAULT_USER_LIMITS).toEqual({
      packBytes: 209_715_200,
      packVersions: 500,
      pendingPods: 1000,
      namespaceQuota: { pods: 100 },
    })
  })

  it('come from STARK_USER_* and refuse a malformed value by name', () => {
    expect(
      userLimitsFromEnv({
        STARK_USER_PACK_BYTES: '1024',
        STARK_USER_PACK_VERSIONS: '3',
        STARK_USER_PENDING_PODS: '7',
        STARK_USER_NAMESPACE_PODS: '5',
        STARK_USER_NAMESPACE_CPU: '2000',
        STARK_USER_NAMESPACE_MEMORY: '512',
      }),
    ).toEqual({ packBytes: 1024, packVersions: 3, pendingPods: 7, namespaceQuota: { pods: 5, cpu: 2000, memory: 512 } })
    expect(() => userLimitsFromEnv({ STARK_USER_PENDING_PODS: 'lots' })).toThrow(
      'STARK_USER_PENDING_PODS must be a whole number of at least 0, not "lots"',
    )
    expect(() => userLimitsFromEnv({ STARK_USER_PACK_BYTES: '-1' })).toThrow(/STARK_USER_PACK_BYTES/)
  })

  it('give a user’s namespace the default quota, or less when asked, never more', () => {
    const cap = { pods: 100, cpu: 4000 }
    expect(userNamespaceQuota(undefined, cap)).toEqual({ quota: { pods: 100, cpu: 4000 } })
    expect(userNamespaceQuota({ pods: 3, memory: 256 }, cap)).toEqual({ quota: { pods: 3, cpu: 4000, memory: 256 } })
    expect(userNamespaceQuota({ pods: 100_000, cpu: 5000 }, cap)).toEqual({
      refusal:
        "a user's namespace may have a quota up to the cluster default: pods 100000 is above 100 (STARK_USER_NAMESPACE_PODS); cpu 5000 is above 4000 (STARK_USER_NAMESPACE_CPU); ask an admin to raise it",
    })
    expect(userNamespaceQuota({}, {})).toEqual({ quota: {} })
  })
})
