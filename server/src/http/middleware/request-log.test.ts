import { Hono } from 'hono'
import { requestId } from 'hono/request-id'
import { describe, expect, it } from 'vitest'
import type { Logger } from '@stark/shared'
import type { Principal } from '../../auth/principal'
import type { AppEnv } from '../env'
import { createRequestContext } from '../request-context'
import { requestLog } from './request-log'

function capture() {
  const records: { level: string; msg: string; fields: Record<string, unknown> }[] = []
  const make = (base: Record<string, unknown>): Logger => ({
    debug: (msg, f) => void records.push({ level: 'debug', msg, fields: { ...base, ...f } }),
    info: (msg, f) => void records.push({ level: 'info', msg, fields: { ...base, ...f } }),
    warn: (msg, f) => void records.push({ level: 'warn', msg, fields: { ...base, ...f } }),
    error: (msg, f) => void records.push({ level: 'error', msg, fields: { ...base, ...f } }),
    child: (f) => make({ ...base, ...f }),
  })
  return { records, log: make({}) }
}

function app() {
  const { records, log } = capture()
  const context = createRequestContext()
  const observed: { method: string; route: string; status: number; seconds: number }[] = []
  const api = new Hono<AppEnv>()
  api.use('*', async (c, next) => {
    c.set('principal', { kind: 'user', id: 'user-1', role: 'admin' } as Principal)
    await next()
  })
  api.get('/pods/:ref', (c) => {
    log.info('inside', context.fields())
    return c.json({ ref: c.req.param('ref') })
  })
  api.get('/boom', () => {
    throw new Error('boom')
  })
  const root = new Hono<AppEnv>()
  root.use('*', requestId())
  root.use('*', requestLog({ log, context, observe: (r) => observed.push(r) }))
  root.get('/health', (c) => c.text('ok'))
  root.route('/api', api)
  root.onError((_e, c) => c.json({ error: 'x' }, 500))
  return { root, records, observed, context }
}

describe('request log', () => {
  it('logs method, path, matched route, status, duration, request and user ids; observes by route pattern', async () => {
    const { root, records, observed } = app()
    const res = await root.request('/api/pods/web-1', { headers: { 'x-request-id': 'req-42' } })
    expect(res.status).toBe(200)
    const line = records.find((r) => r.msg === 'request')!
    expect(line.level).toBe('info')
    expect(line.fields).toMatchObject({
      method: 'GET',
      path: '/api/pods/web-1',
      route: '/api/pods/:ref',
      status: 200,
      requestId: 'req-42',
      userId: 'user-1',
    })
    expect(line.fields.durationMs).toBeGreaterThanOrEqual(0)
    expect(observed).toEqual([expect.objectContaining({ method: 'GET', route: '/api/pods/:ref', status: 200 })])
  })

  it('records written while handling a request carry its id and user', async () => {
    const { root, records } = app()
    await root.request('/api/pods/a', { headers: { 'x-request-id': 'req-7' } })
    expect(records.find((r) => r.msg === 'inside')!.fields).toEqual({ requestId: 'req-7', userId: 'user-1' })
  })

  it('errors log at error level, health checks at debug, unmatched paths under one label', async () => {
    const { root, records, observed } = app()
    await root.request('/api/boom')
    await root.request('/health')
    await root.request('/nothing/here/123')
    expect(records.filter((r) => r.msg === 'request').map((r) => [r.level, r.fields.status])).toEqual([
      ['error', 500],
      ['debug', 200],
      ['info', 404],
    ])
    expect(observed.map((o) => o.route)).toEqual(['/api/boom', '/health', 'unmatched'])
  })

  it('outside a request there are no request fields', () => {
    const { context } = app()
    expect(context.fields()).toEqual({})
    expect(
      context.run({ requestId: 'r', userId: () => undefined }, () => context.detached(() => context.requestId())),
    ).toBeUndefined()
  })
})
