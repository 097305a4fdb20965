import { describe, expect, it } from 'vitest'
import { fleetPageUrl } from './launch'

describe('fleet page URLs', () => {
  it('open the node page with the join link’s fragment plus the node name, labels and headless mode', () => {
    const url = fleetPageUrl('http://127.0.0.1:8080/#join=abc.def', 'web-3', { pool: 'web', 'stark.io/fleet-node': 'web-3' })
    const hash = new URLSearchParams(new URL(url).hash.slice(1))
    expect(url.startsWith('http://127.0.0.1:8080/node.html#join=abc.def&')).toBe(true)
    expect(hash.get('join')).toBe('abc.def')
    expect(hash.get('name')).toBe('web-3')
    expect(hash.get('headless')).toBe('1')
    expect(hash.getAll('label')).toEqual(['pool=web', 'stark.io/fleet-node=web-3'])
  })

  it('start a fragment when the link has none', () => {
    expect(fleetPageUrl('http://h/', 'n')).toBe('http://h/node.html#name=n&headless=1')
  })
})
