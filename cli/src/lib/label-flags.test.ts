import { describe, expect, it } from 'vitest'
import { CLIError, ExitCode } from './errors'
import { changedLabels, labelChangesOf } from './label-flags'

const usage = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    if (error instanceof CLIError && error.exitCode === ExitCode.usage) return error.message
    throw error
  }
  throw new Error('no usage error')
}

describe('--label on an update', () => {
  it('sets k=v and removes k-, as kubectl label does', () => {
    const changes = labelChangesOf(['svc', '--label', 'a=1', '--label=b-', '--label', 'tier=front-end'])
    expect(changes).toEqual({ set: { a: '1', tier: 'front-end' }, remove: ['b'] })
    expect(changedLabels({ a: '0', b: '2', c: '3' }, changes!)).toEqual({ a: '1', c: '3', tier: 'front-end' })
    expect(labelChangesOf(['svc', '--pack', 'web'])).toBeUndefined()
  })
  it('refuses a malformed label, a bad key to remove, and setting and removing one key', () => {
    expect(usage(() => labelChangesOf(['--label', 'nokey']))).toMatch(/key=value/)
    expect(usage(() => labelChangesOf(['--label', '-']))).toMatch(/not a valid label key/)
    expect(usage(() => labelChangesOf(['--label', 'a=1', '--label', 'a-']))).toMatch(/sets and removes "a"/)
  })
})
