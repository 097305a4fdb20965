import { describe, expect, it } from 'vitest'
import { createLogger, withDynamicFields } from './logger'

function sink() {
  const lines: string[] = []
  return { lines, destination: { write: (l: string) => void lines.push(l) }, records: () => lines.map((l) => JSON.parse(l)) }
}

describe('logger', () => {
  it('writes one JSON object per line: level word, ISO time, msg, service and fields', () => {
    const out = sink()
    const log = createLogger({ destination: out.destination })
    log.info('registered', { nodeId: 'node-1' })
    log.child({ podId: 'pod-1' }).warn('pod failed', { reason: 'OOMKilled' })
    expect(out.lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true)
    const [a, b] = out.records()
    expect(a).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      msg: 'registered',
      service: 'node-agent',
      nodeId: 'node-1',
    })
    expect(b).toMatchObject({ level: 'warn', msg: 'pod failed', service: 'node-agent', podId: 'pod-1', reason: 'OOMKilled' })
  })

  it('drops records below its level', () => {
    const out = sink()
    const log = createLogger({ destination: out.destination, level: 'warn' })
    log.debug('d')
    log.info('i')
    log.error('e')
    expect(out.records().map((r) => r.msg)).toEqual(['e'])
  })

  it('prints one readable line per record when pretty', () => {
    const out = sink()
    createLogger({ destination: out.destination, pretty: true }).error('bundle download failed', {
      podId: 'pod-1',
      message: 'HTTP 404 from x',
    })
    expect(out.lines).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} ERROR bundle download failed podId=pod-1 message="HTTP 404 from x"\n$/),
    ])
  })

  it('adds fields known only later (the nodeId once registered), without overriding explicit ones', () => {
    const out = sink()
    let nodeId: string | undefined
    const log = withDynamicFields(createLogger({ destination: out.destination }), () => ({ nodeId }))
    log.info('connecting')
    nodeId = 'node-7'
    log.child({ podId: 'p' }).info('started')
    log.info('explicit', { nodeId: 'other' })
    const [a, b, c] = out.records()
    expect(a).not.toHaveProperty('nodeId')
    expect(b).toMatchObject({ nodeId: 'node-7', podId: 'p' })
    expect(c).toMatchObject({ nodeId: 'other' })
  })
})

describe('logger and hostile text', () => {
  it('makes control characters, escapes and lone surrogates in messages and fields visible (JSON and pretty)', () => {
    const json = sink()
    createLogger({ destination: json.destination }).warn('pod said \u001b[2J\u009b', {
      message: 'bad\u0000line\uD800',
      nested: { path: '\u001b]52;c;x\u0007' },
    })
    const raw = json.lines.join('')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(raw).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|\\u001b|\\u0000|\\ud800/i)
    expect(json.records()[0]).toMatchObject({
      msg: 'pod said \u241b[2J\\u009b',
      message: 'bad\u2400line\uFFFD',
      nested: { path: '\u241b]52;c;x\u2407' },
    })
    const pretty = sink()
    createLogger({ destination: pretty.destination, pretty: true }).error('\u001b[31mred', { reason: 'x\ry' })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(pretty.lines.join('')).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/)
  })
})
