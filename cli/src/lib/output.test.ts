import { describe, expect, it } from 'vitest'
import type { OutputFormat } from './args'
import { formatAge, listOutput, messageOutput, noOutput, recordOutput, renderOutput, type Column } from './output'

interface Row {
  name: string
  status: string
  createdAt: string
}

const NOW = Date.parse('2026-11-27T12:00:00Z')
const rows: Row[] = [
  { name: 'hello-abc', status: 'Running', createdAt: '2026-11-27T11:59:15Z' },
  { name: 'a', status: 'Pending', createdAt: '2026-11-27T09:00:00Z' },
]
const columns: Column<Row>[] = [
  { header: 'NAME', value: (r) => r.name },
  { header: 'STATUS', value: (r) => r.status, tone: (r) => (r.status === 'Running' ? 'good' : 'warn') },
  { header: 'AGE', value: (r, now) => formatAge(r.createdAt, now) },
]
const opts = (format: OutputFormat, color = false, headers = true) => ({ format, color, now: NOW, headers })

describe('renderOutput', () => {
  it('prints a list as one JSON array', () => {
    const text = renderOutput(listOutput(rows, columns), opts('json'))
    expect(JSON.parse(text)).toEqual(rows)
  })

  it('prints an empty list as [] in JSON, its empty message in a table, nothing in plain', () => {
    expect(JSON.parse(renderOutput(listOutput([], columns), opts('json')))).toEqual([])
    expect(renderOutput(listOutput([], columns), opts('table'))).toBe('')
    expect(renderOutput(listOutput([], columns, 'no pods'), opts('table'))).toBe('no pods\n')
    expect(renderOutput(listOutput([], columns, 'no pods'), opts('plain'))).toBe('')
  })

  it('aligns table columns under headers', () => {
    const text = renderOutput(listOutput(rows, columns), opts('table'))
    expect(text).toBe(['NAME        STATUS    AGE', 'hello-abc   Running   45s', 'a           Pending   3h', ''].join('\n'))
  })

  it('prints plain rows tab-separated, without headers, tabs in values flattened', () => {
    const text = renderOutput(listOutput([{ ...rows[0]!, name: 'x\ty' }], columns), opts('plain'))
    expect(text).toBe('x y\tRunning\t45s\n')
  })

  it('colours only when asked, and keeps columns aligned', () => {
    const plain = renderOutput(listOutput(rows, columns), opts('table'))
    const coloured = renderOutput(listOutput(rows, columns), opts('table', true))
    expect(plain).not.toContain('\u001B[')
    expect(coloured).toContain('\u001B[32mRunning\u001B[39m')
    expect(coloured.replace(/\u001B\[\d+m/g, '')).toBe(plain)
  })

  it('prints a record as a JSON object, a key: value block, or key<TAB>value lines', () => {
    const out = recordOutput({ name: 'p', reason: 'Unschedulable' }, (v) => [
      { label: 'Name', value: v.name },
      { label: 'Restart policy', value: 'Never' },
      { label: 'Reason', value: v.reason },
    ])
    expect(JSON.parse(renderOutput(out, opts('json')))).toEqual({ name: 'p', reason: 'Unschedulable' })
    expect(renderOutput(out, opts('table'))).toBe('Name:            p\nRestart policy:  Never\nReason:          Unschedulable\n')
    expect(renderOutput(out, opts('plain'))).toBe('name\tp\nrestart-policy\tNever\nreason\tUnschedulable\n')
  })

  it('gives plain output a real key where the label is not one (an indented time, say)', () => {
    const out = recordOutput({}, () => [
      { label: '  Indented label ', value: 'x' },
      { label: '  2m ago', value: 'warning BackOff pod/p', plain: ['warning', '2026-11-27T11:58:00Z warning BackOff pod/p'] },
    ])
    expect(renderOutput(out, opts('plain'))).toBe('indented-label\tx\nwarning\t2026-11-27T11:58:00Z warning BackOff pod/p\n')
    expect(renderOutput(out, opts('table'))).toContain('  2m ago:           warning BackOff pod/p')
  })

  it('prints a message as text, or its data as JSON', () => {
    const out = messageOutput('hello-x7k2p', { name: 'hello-x7k2p', status: 'Pending' })
    expect(renderOutput(out, opts('table'))).toBe('hello-x7k2p\n')
    expect(renderOutput(out, opts('plain'))).toBe('hello-x7k2p\n')
    expect(JSON.parse(renderOutput(out, opts('json')))).toEqual({ name: 'hello-x7k2p', status: 'Pending' })
    expect(renderOutput(messageOutput('', []), opts('table'))).toBe('')
    expect(renderOutput(noOutput, opts('json'))).toBe('')
  })
})

describe('renderOutput of a list: headers, wide, name, namespaces', () => {
  const shape = {
    kind: 'pod',
    name: (r: Row) => r.name,
    wide: [{ header: 'CREATED', value: (r: Row) => r.createdAt }],
  }

  it('drops the header line with --no-headers, keeping the columns aligned', () => {
    const text = renderOutput(listOutput(rows, columns), opts('table', false, false))
    expect(text).toBe(['hello-abc   Running   45s', 'a           Pending   3h', ''].join('\n'))
    expect(renderOutput(listOutput([], columns, 'no pods'), opts('table', false, false))).toBe('')
  })

  it('adds the wide columns after the table’s in -o wide only', () => {
    const wide = renderOutput(listOutput(rows, columns, '', shape), opts('wide')).split('\n')
    expect(wide[0]).toBe('NAME        STATUS    AGE   CREATED')
    expect(wide[1]).toBe('hello-abc   Running   45s   2026-11-27T11:59:15Z')
    expect(renderOutput(listOutput(rows, columns, '', shape), opts('table'))).not.toContain('CREATED')
    expect(renderOutput(listOutput(rows, columns, '', shape), opts('plain'))).toBe('hello-abc\tRunning\t45s\na\tPending\t3h\n')
  })

  it('prints kind/name lines in -o name (the first column without a kind), nothing for an empty list', () => {
    expect(renderOutput(listOutput(rows, columns, '', shape), opts('name'))).toBe('pod/hello-abc\npod/a\n')
    expect(renderOutput(listOutput(rows, columns), opts('name'))).toBe('hello-abc\na\n')
    expect(renderOutput(listOutput([], columns, 'no pods', shape), opts('name'))).toBe('')
  })

  it('starts with NAMESPACE when the list spans every namespace', () => {
    const all = listOutput(rows, columns, '', { ...shape, namespace: () => 'team-a' })
    expect(renderOutput(all, opts('table')).split('\n')[0]).toBe('NAMESPACE   NAME        STATUS    AGE')
    expect(renderOutput(all, opts('plain')).split('\n')[0]).toBe('team-a\thello-abc\tRunning\t45s')
  })

  it('prints the name a record or message gives in -o name, else the usual text', () => {
    expect(renderOutput(messageOutput('web-x7k2p', {}, 'pod/web-x7k2p'), opts('name'))).toBe('pod/web-x7k2p\n')
    expect(renderOutput(messageOutput('done', {}), opts('name'))).toBe('done\n')
    const record = recordOutput({ n: 'web' }, (v) => [{ label: 'Name', value: v.n }], 'service/web')
    expect(renderOutput(record, opts('name'))).toBe('service/web\n')
    expect(renderOutput(record, opts('wide'))).toBe('Name:  web\n')
  })
})

describe('formatAge', () => {
  it.each([
    ['2026-11-27T11:59:59Z', '1s'],
    ['2026-11-27T11:58:01Z', '119s'],
    ['2026-11-27T11:55:00Z', '5m'],
    ['2026-11-27T09:00:00Z', '3h'],
    ['2026-11-20T12:00:00Z', '7d'],
    [null, '-'],
    ['not a date', '-'],
  ])('%s → %s', (iso, want) => {
    expect(formatAge(iso, NOW)).toBe(want)
  })
})

describe('renderOutput with hostile values', () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/
  const evil: Row = { name: 'x\u001b]0;owned\u0007', status: 'Running\u001b[2J\r\u009b', createdAt: '2026-11-27T11:59:15Z' }

  it('shows escapes and control characters in tables, plain rows, records and messages, never raw', () => {
    for (const format of ['table', 'plain'] as const) {
      const list = renderOutput(listOutput([evil], columns), opts(format))
      expect(list).not.toMatch(RAW)
      expect(list).toContain('x\u241b]0;owned\u2407')
      const record = renderOutput(
        recordOutput(evil, (r) => [{ label: 'Status', value: r.status }]),
        opts(format),
      )
      expect(record).not.toMatch(RAW)
    }
    expect(renderOutput(messageOutput('done \u001b[31m\u202e', {}), opts('table'))).not.toMatch(RAW)
  })

  it('keeps colour of its own when asked for', () => {
    expect(renderOutput(listOutput([evil], columns), opts('table', true))).toContain('\u001B[33m')
  })
})
