import { describe, expect, it } from 'vitest'
import { fragmentAfterJoin, parseFragment } from './fragment'

describe('join link fragments', () => {
  it('reads token, name, labels and headless mode', () => {
    const p = parseFragment('#join=abc.def.ghi&name=fleet-1&label=zone=a&label=tier=edge&label=bad%20key=x&headless=1')
    expect(p).toEqual({ token: 'abc.def.ghi', name: 'fleet-1', labels: { zone: 'a', tier: 'edge' }, headless: true })
    expect(fragmentAfterJoin(p)).toBe('#node=fleet-1')
  })

  it('brings a headless page back by name, and leaves a person’s link bare', () => {
    expect(parseFragment('#node=fleet-1')).toEqual({ name: 'fleet-1', labels: {}, headless: true })
    const person = parseFragment('#join=tok')
    expect(person).toEqual({ token: 'tok', labels: {}, headless: false })
    expect(fragmentAfterJoin(person)).toBe('')
    expect(parseFragment('')).toEqual({ labels: {}, headless: false })
  })

  it('reads the other servers a link lists, http(s) origins only', () => {
    const list = encodeURIComponent(
      'https://b.example:8443/x,http://10.0.0.3:8080,javascript:alert(1),not a url,https://b.example:8443',
    )
    expect(parseFragment(`#join=tok&servers=${list}`).servers).toEqual(['https://b.example:8443', 'http://10.0.0.3:8080'])
  })
})
