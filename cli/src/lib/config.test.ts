import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { testContext, type TestContext } from '../testing/test-context'
import { loadConfig, normalizeApiUrl, resolveSettings, starkHome } from './config'
import { CLIError } from './errors'

let ctx: TestContext
afterEach(() => ctx?.cleanup())

const writeConfig = (home: string, config: unknown) => {
  mkdirSync(home, { recursive: true })
  writeFileSync(join(home, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config))
}

describe('settings', () => {
  it('defaults: local server on 8080, a table also off a terminal, no colours', () => {
    ctx = testContext()
    expect(resolveSettings(ctx, {})).toEqual({
      home: ctx.home,
      apiUrl: 'http://127.0.0.1:8080',
      apiUrls: ['http://127.0.0.1:8080'],
      format: 'table',
      color: false,
      insecure: false,
      namespace: undefined,
    })
  })

  it('takes a comma-separated list of servers; the first is the session key', () => {
    ctx = testContext({ env: { STARK_API_URL: 'http://a:1/, http://b:2,http://a:1' } })
    const s = resolveSettings(ctx, {})
    expect([s.apiUrl, s.apiUrls]).toEqual(['http://a:1', ['http://a:1', 'http://b:2']])
    expect(() => resolveSettings(ctx, { 'api-url': 'http://a:1,ftp://b' })).toThrow('must start with http')
  })

  it('takes the API URL from the flag, then STARK_API_URL, then config.json, then STARK_PORT', () => {
    ctx = testContext({ env: { STARK_PORT: '9000' } })
    expect(resolveSettings(ctx, {}).apiUrl).toBe('http://127.0.0.1:9000')
    writeConfig(ctx.home, { apiUrl: 'http://config:1', output: 'json', namespace: 'team' })
    expect(resolveSettings(ctx, {})).toMatchObject({ apiUrl: 'http://config:1', format: 'json', namespace: 'team' })
    ctx.env.STARK_API_URL = 'http://env:2/'
    expect(resolveSettings(ctx, {}).apiUrl).toBe('http://env:2')
    expect(resolveSettings(ctx, { 'api-url': 'https://flag:3/stark/' }).apiUrl).toBe('https://flag:3/stark')
    expect(resolveSettings(ctx, { output: 'table' }).format).toBe('table')
  })

  it('uses a table and colours on a terminal, unless --no-color, NO_COLOR or TERM=dumb', () => {
    ctx = testContext({ isTTY: true })
    expect(resolveSettings(ctx, {})).toMatchObject({ format: 'table', color: true })
    expect(resolveSettings(ctx, { color: false }).color).toBe(false)
    ctx.env.NO_COLOR = '1'
    expect(resolveSettings(ctx, {}).color).toBe(false)
    delete ctx.env.NO_COLOR
    ctx.env.TERM = 'dumb'
    expect(resolveSettings(ctx, {}).color).toBe(false)
  })

  it('rejects an API URL that is not http(s)', () => {
    expect(() => normalizeApiUrl('127.0.0.1:8080')).toThrow(CLIError)
    expect(() => normalizeApiUrl('ftp://x')).toThrow(/must start with http/)
  })

  it('reports a broken config.json, ignores unknown fields', () => {
    ctx = testContext()
    writeConfig(ctx.home, '{ nope')
    expect(() => loadConfig(ctx.home)).toThrow(/config.json is not valid JSON/)
    writeConfig(ctx.home, { output: 'yaml', extra: 1, namespace: 'x' })
    expect(loadConfig(ctx.home)).toEqual({ namespace: 'x' })
  })

  it('finds STARK_HOME, else ~/.stark', () => {
    expect(starkHome({ STARK_HOME: '/tmp/h' })).toBe('/tmp/h')
    expect(starkHome({ HOME: '/home/ada' })).toBe('/home/ada/.stark')
  })
})
