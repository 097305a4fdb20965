import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../testing/test-server'
import { findUnsafeText, isUnsafe } from './unsafe-text'

describe('unsafe text', () => {
  it('finds NUL and lone surrogates in keys and values at any depth', () => {
    expect(findUnsafeText({ a: 'fine', b: ['ok', { c: 'x\u0000y' }] })).toBe('b[1].c')
    expect(findUnsafeText({ labels: { 'k\uD800': 'v' } })).toBe('labels.k\uFFFD (a key)')
    expect(findUnsafeText([['\uDC00']])).toBe('[0][0]')
    expect(findUnsafeText('\u0000')).toBe('(value)')
  })

  it('leaves well-formed text alone, astral characters included', () => {
    expect(findUnsafeText({ name: 'web', note: 'emoji 😀 and ünïcode', n: 1, z: null, deep: [[[{ t: true }]]] })).toBeUndefined()
    expect(isUnsafe('😀')).toBe(false)
    expect(isUnsafe('\uD83D')).toBe(true)
  })
})

// Over a real Node server: small JSON bodies are read ahead by the body limit and parsed from
// those bytes here, larger ones through the web Request; both must be judged alike.
describe('unsafe text in JSON bodies, on a real server', () => {
  let s: TestServer
  let admin: string
  beforeAll(async () => {
    s = await startTestServer()
    admin = await s.admin()
  })
  afterAll(() => s?.close())
  const post = (body: string | Uint8Array<ArrayBuffer>) =>
    fetch(`${s.url}/api/packs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body,
    })
  const pack = (name: string, description: string, bundle = 'export default async function main() {}') =>
    `{"name":"${name}","version":"1.0.0","runtime":"node","description":"${description}","bundle":"${bundle}"}`

  it('refuses NUL and lone surrogates in small and large bodies alike, naming where', async () => {
    // The second bundle is over the 16 KiB the body limit reads ahead.
    for (const bundle of ['export default 1', `export default "${'x'.repeat(20_000)}"`.replace(/"/g, "'")]) {
      const nul = await post(pack('nul', 'x\\u0000', bundle))
      expect(nul.status).toBe(400)
      expect((await nul.json()).detail).toMatch(/description: text must not contain NUL/)
      // A leading BOM (which the route's JSON parsing drops) hides nothing.
      const bom = await post(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(pack('nul', 'x\\u0000', bundle))]))
      expect(bom.status).toBe(400)
      expect((await bom.json()).detail).toMatch(/description: text must not contain NUL/)
      const lone = await post(pack('lone', '\\ud800', bundle))
      expect(lone.status).toBe(400)
      expect((await lone.json()).detail).toMatch(/description: text must not contain NUL characters or unpaired surrogates/)
    }
  })

  it('passes what it accepts on to the route unchanged: a leading BOM dropped, bad JSON answered by validation', async () => {
    const text = 'ünï 😀'
    for (const bundle of ['export default 1', `export default '${'x'.repeat(20_000)}'`]) {
      const name = `bom${bundle.length}`
      const created = await post(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(pack(name, text, bundle))]))
      expect(created.status).toBe(201)
      expect((await created.json()).description).toBe(text)
      const got = await fetch(`${s.url}/api/packs/${name}/versions`, { headers: { authorization: `Bearer ${admin}` } })
      expect(JSON.stringify(await got.json())).toContain(text)
    }
    for (const bad of ['{"name":', '', 'null']) {
      const res = await post(bad)
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
  })
})
