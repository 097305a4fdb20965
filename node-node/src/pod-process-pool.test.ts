import { describe, expect, it } from 'vitest'
import { permissionFlag, podProcessFlags } from './pod-process-pool'

describe('pod process flags', () => {
  it.each([
    { node: 'Node 20 (experimental only)', flags: ['--experimental-permission'], want: '--experimental-permission' },
    { node: 'Node 22 (both)', flags: ['--experimental-permission', '--permission'], want: '--permission' },
    { node: 'Node 24 (stable only)', flags: ['--permission'], want: '--permission' },
  ])('uses the permission flag $node knows', ({ flags, want }) => {
    expect(permissionFlag(new Set(flags))).toBe(want)
  })

  it('turns on the permission model for this Node, with reads limited to the runner files and the slot', () => {
    const flags = podProcessFlags(['/r/pod-process.mjs'], '/pods/slot-1', 64)
    expect(flags[0]).toBe(permissionFlag())
    expect(flags).toContain('--allow-fs-read=/r/pod-process.mjs')
    expect(flags).toContain('--allow-fs-read=/pods/slot-1')
    expect(flags).toContain('--max-old-space-size=64')
    expect(flags.some((f) => f.startsWith('--allow-fs-write') || f.startsWith('--allow-child-process'))).toBe(false)
  })
})
