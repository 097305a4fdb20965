import { resourceName } from '@stark/shared'
import { describe, expect, it } from 'vitest'
import { nodeNameFromHostname } from './node-name'

describe('nodeNameFromHostname', () => {
  it.each([
    ['laptop', 'laptop'],
    ['Ada-MacBook-Pro.local', 'ada-macbook-pro'],
    ['build_agent 7', 'build-agent-7'],
    ['--x--', 'x'],
    ['..', 'node'],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)}_b`, 'a'.repeat(62)],
  ])('%s → %s (a valid node name)', (host, want) => {
    expect(nodeNameFromHostname(host)).toBe(want)
    expect(resourceName.safeParse(want).success).toBe(true)
  })
})
