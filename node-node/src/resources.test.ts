import { describe, expect, it } from 'vitest'
import { defaultAllocatable, hostFacts, memoryReserveMb } from './resources'

describe('allocatable defaults', () => {
  it('offers every CPU, the memory less a reserve, and 110 pods', () => {
    expect(defaultAllocatable({}, { cpus: 8, totalMemoryMb: 16_384 })).toEqual({ cpu: 8000, memory: 16_384 - 1638, pods: 110 })
  })

  it.each([
    [1024, 256],
    [4096, 410],
    [65_536, 2048],
  ])('keeps back a reserve of 10 %%, within [256, 2048] MB: %i MB → %i MB', (total, reserve) => {
    expect(memoryReserveMb(total)).toBe(reserve)
  })

  it('never offers negative memory', () => {
    expect(defaultAllocatable({}, { cpus: 1, totalMemoryMb: 100 }).memory).toBe(0)
  })

  it('takes what it is told over what it measures', () => {
    expect(defaultAllocatable({ cpu: 500, pods: 3 }, { cpus: 8, totalMemoryMb: 4096 })).toEqual({
      cpu: 500,
      memory: 4096 - 410,
      pods: 3,
    })
    expect(defaultAllocatable({ memory: 0 }, { cpus: 8, totalMemoryMb: 4096 }).memory).toBe(0)
  })

  it('measures this machine', () => {
    const host = hostFacts()
    expect(host.cpus).toBeGreaterThanOrEqual(1)
    expect(host.totalMemoryMb).toBeGreaterThan(0)
  })
})
