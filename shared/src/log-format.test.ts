import { describe, expect, it } from 'vitest'
import { formatLogRecord, prettyLogLine } from './log-format'
import { safeText } from './text/safe-text'

describe('formatLogRecord', () => {
  const time = '2026-12-06T05:00:01.250Z'

  it('prints time, level, service, message and fields, quoting values with spaces', () => {
    expect(
      formatLogRecord({
        level: 'warn',
        time,
        msg: 'pod failed',
        service: 'server',
        pid: 1,
        hostname: 'h',
        podId: 'p-1',
        message: 'two words',
        n: 3,
      }),
    ).toBe('05:00:01.250 WARN  [server] pod failed podId=p-1 message="two words" n=3')
    expect(formatLogRecord({ level: 30, time, msg: 'hi', service: 'node-agent' }, { service: false })).toBe(
      '05:00:01.250 INFO  hi',
    )
  })

  it('never lets a control character or escape through, in the message, a field or a key', () => {
    const line = formatLogRecord({
      level: 'info',
      time,
      msg: 'x\u001b]0;owned\u0007',
      service: 's',
      path: '/api/\u001b[2J',
      'k\u009b': 'v\r',
      agent: 'curl\u202e',
    })
    expect(line).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E]/)
    expect(line).toContain('x\u241b]0;owned\u2407')
  })
})

describe('prettyLogLine', () => {
  it('formats a JSON line as its record, and shows any other line as safe text', () => {
    const line = JSON.stringify({ level: 30, time: '2026-01-01T12:00:00.000Z', msg: 'up', service: 'server', port: 8080 })
    expect(prettyLogLine(`${line}\n`)).toBe(formatLogRecord(JSON.parse(line)))
    expect(prettyLogLine('not json \u001b[2J\n')).toBe(safeText('not json \u001b[2J'))
  })
})
