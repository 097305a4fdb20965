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
    expect(a).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), msg: 'registered', service: 'node-agent', nodeId: 'node-1' })
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
    createLogger({ destination: out.destination, pretty: true }).error('bundle download failed', { podId: 'pod-1', message: 'HTTP 404 from x' })
    expect(out.lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} ERROR bundle download failed podId=pod-1 message="HTTP 404 from x"\n$/)])
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
