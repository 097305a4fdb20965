import { describe, expect, it } from 'vitest'
import { mayAct, mayActOn } from './permissions'

describe('dashboard buttons by role', () => {
  it('gives viewers none, users their own, admins all', () => {
    expect(mayAct({ role: 'viewer', id: 'v' })).toBe(false)
    expect(mayActOn({ role: 'viewer', id: 'v' }, 'v')).toBe(false)
    expect(mayActOn({ role: 'user', id: 'u' }, 'u')).toBe(true)
    expect(mayActOn({ role: 'user', id: 'u' }, 'other')).toBe(false)
    expect(mayActOn({ role: 'user', id: 'u' }, null)).toBe(false)
    expect(mayActOn({ role: 'admin', id: 'a' }, null)).toBe(true)
  })
})
