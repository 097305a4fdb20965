import { describe, expect, it } from 'vitest'
import { ExitCode } from './errors'
import { listScope, selectorQuery } from './list-flags'

describe('selectorQuery', () => {
  it('passes a selector the grammar accepts on as labelSelector', () => {
    expect(selectorQuery('app=web,tier in (a,b),!canary')).toEqual({ labelSelector: 'app=web,tier in (a,b),!canary' })
    expect(selectorQuery('env notin (prod)')).toEqual({ labelSelector: 'env notin (prod)' })
  })

  it('asks for nothing without a selector', () => {
    expect(selectorQuery(undefined)).toEqual({})
    expect(selectorQuery('  ')).toEqual({})
  })

  it.each(['a b', 'tier in ()', 'tier in (a', 'app=web,', '=web', 'app=(x)'])(
    'refuses %j as a usage error naming the problem',
    (bad) => {
      let code: number | undefined
      let message = ''
      try {
        selectorQuery(bad)
      } catch (error) {
        code = (error as { exitCode?: number }).exitCode
        message = String((error as Error).message)
      }
      expect(code).toBe(ExitCode.usage)
      expect(message).toMatch(/^-l\/--selector: /)
    },
  )
})

describe('listScope', () => {
  it('lists the current namespace: -n, else the configured one, else default', () => {
    expect(listScope({ namespace: 'team-a' }, 'team-a')).toMatchObject({ namespace: 'team-a', all: false })
    expect(listScope({}, 'cfg')).toMatchObject({ namespace: 'cfg', all: false })
    expect(listScope({}, undefined)).toMatchObject({ namespace: 'default', all: false })
    expect(listScope({}, undefined).empty('pods')).toBe('no pods in namespace default')
  })

  it('lists every namespace with -A, and refuses -A with -n', () => {
    const all = listScope({ 'all-namespaces': true }, 'cfg')
    expect(all).toMatchObject({ namespace: undefined, all: true })
    expect(all.empty('pods')).toBe('no pods')
    expect(() => listScope({ 'all-namespaces': true, namespace: 'x' }, 'x')).toThrow(/-n or -A/)
  })
})
