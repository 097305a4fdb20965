import { describe, expect, it } from 'vitest'
import { formatSelector, type LabelSelector, matchesLabelSelector, parseSelector } from './selector'

const parse = (text: string): LabelSelector => {
  const r = parseSelector(text)
  if (!r.ok) throw new Error(r.error)
  return r.value
}
const web = { app: 'web', tier: 'front', 'stark.io/service': 'web' }
const db = { app: 'db', tier: 'back' }
const bare = {}

describe('label selector grammar', () => {
  it.each([
    ['', [web, db, bare]],
    ['app=web', [web]],
    ['app==web', [web]],
    ['app!=web', [db, bare]],
    ['tier', [web, db]],
    ['!tier', [bare]],
    ['app in (web,db)', [web, db]],
    ['app notin (web)', [db, bare]],
    ['tier=back,app=db', [db]],
    ['tier , !stark.io/service', [db]],
    ['stark.io/service=web', [web]],
    ['app in ( web , cache )', [web]],
  ])('%j selects the right objects', (text, want) => {
    const s = parse(text)
    expect([web, db, bare].filter((l) => matchesLabelSelector(l, s))).toEqual(want)
  })

  it.each([
    '=web',
    'app=web,',
    ',app',
    'app in (web',
    'app in ()',
    'app=we b',
    'app ~ web',
    'app=web;tier',
    'Bad Key=x',
    `app=${'x'.repeat(64)}`,
  ])('refuses %j with a reason', (text) => {
    const r = parseSelector(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/^selector: /)
  })

  it('an empty value is a value, as in Kubernetes', () => {
    expect(parse('app=')).toEqual([{ key: 'app', operator: 'In', values: [''] }])
    expect(matchesLabelSelector({ app: '' }, parse('app='))).toBe(true)
    expect(matchesLabelSelector({ app: 'web' }, parse('app='))).toBe(false)
  })

  it('formats back to a selector with the same meaning', () => {
    for (const text of ['app=web', 'app!=web,tier', '!tier', 'app in (web,db)', 'app notin (a,b),x=y']) {
      expect(parse(formatSelector(parse(text)))).toEqual(parse(text))
    }
  })
})
