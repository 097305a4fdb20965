import { describe, expect, it } from 'vitest'
import { type LogSink, loggerOver } from './log'

function recordingSink(records: { level: string; fields: Record<string, unknown>; msg: string }[], bound = {}): LogSink {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void => {
      records.push({ level, fields: { ...bound, ...fields }, msg })
    }
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => recordingSink(records, { ...bound, ...fields }),
  }
}

describe('loggerOver', () => {
  it('writes every level through the sink with its message and fields made safe, children keeping theirs', () => {
    const records: { level: string; fields: Record<string, unknown>; msg: string }[] = []
    const log = loggerOver(recordingSink(records)).child({ podId: 'p\u001b[2J' })
    log.info('started \u001b]0;x\u0007', { reason: 'a\rb' })
    log.error('failed')
    expect(records.map((r) => r.level)).toEqual(['info', 'error'])
    expect(JSON.stringify(records)).not.toMatch(/\\u001b|\\u0007|\\r/)
    expect(records[1]!.fields).toEqual({ podId: expect.stringContaining('p') })
  })
})
