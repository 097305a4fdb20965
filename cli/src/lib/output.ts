/**
 * The one place output is rendered. Commands return an Output (data plus how to show it);
 * `renderOutput` turns it into text for `-o json` (one JSON value), `table` (aligned columns, or
 * key: value blocks) or `plain` (tab-separated rows without headers, for scripts).
 */
import { safeText } from '@stark/shared'
import type { OutputFormat } from './args'

export type Tone = 'good' | 'warn' | 'bad' | 'dim'

export interface Column<T> {
  header: string
  value(item: T, now: number): string
  tone?(item: T): Tone | undefined
}

/** One line of a key: value block. */
export interface Field {
  label: string
  value: string
  tone?: Tone | undefined
  /** The key and value in `-o plain` when the label is not a key (a time, say): `['warning', '2m ago …']`. */
  plain?: [key: string, value: string] | undefined
}

interface Cell {
  text: string
  tone?: Tone | undefined
}

/** The table of a list: its headers and rows (`-o wide` adds the wide columns). */
export interface ListTable {
  headers: string[]
  rows: Cell[][]
}

export type Output =
  | { kind: 'list'; json: unknown[]; table(now: number, wide: boolean): ListTable; names: string[]; empty: string }
  | { kind: 'record'; json: unknown; fields(now: number): Field[]; name?: string | undefined }
  | { kind: 'message'; json: unknown; text: string; name?: string | undefined }
  | { kind: 'none' }

/** How a list shows beyond its columns. */
export interface ListShape<T> {
  /** Columns `-o wide` adds after the table's. */
  wide?: Column<T>[]
  /** `-o name` prints `kind/name` (without a kind: the first column). */
  kind?: string
  name?(item: T): string
  /** Set when the list spans every namespace (`-A`): a NAMESPACE column comes first. */
  namespace?: ((item: T) => string) | undefined
}

/**
 * A list: an array in JSON, columns in a table (or `empty` when there is nothing), tab-separated
 * rows in plain, `kind/name` lines in name. Every list command returns one of these.
 */
export function listOutput<T>(items: T[], columns: Column<T>[], empty = '', shape: ListShape<T> = {}): Output {
  const ns = shape.namespace
  const base: Column<T>[] = ns ? [{ header: 'NAMESPACE', value: (item) => ns(item) }, ...columns] : columns
  const nameOf = shape.name ?? ((item: T) => columns[0]?.value(item, 0) ?? '')
  return {
    kind: 'list',
    empty,
    json: items,
    names: items.map((item) => (shape.kind ? `${shape.kind}/${nameOf(item)}` : nameOf(item))),
    table: (now, wide) => {
      const shown = wide ? [...base, ...(shape.wide ?? [])] : base
      return {
        headers: shown.map((c) => c.header),
        rows: items.map((item) => shown.map((c) => ({ text: c.value(item, now), tone: c.tone?.(item) }))),
      }
    },
  }
}

/** One object: the object in JSON, a key: value block otherwise (`kind/name` in `-o name` when given). */
export function recordOutput<T>(value: T, fields: (value: T, now: number) => Field[], name?: string): Output {
  return { kind: 'record', json: value, fields: (now) => fields(value, now), name }
}

/** A sentence for people, and the data behind it for `-o json`. */
export function messageOutput(text: string, json: unknown, name?: string): Output {
  return { kind: 'message', json, text, name }
}

export const noOutput: Output = { kind: 'none' }

export interface RenderOptions {
  format: OutputFormat
  color: boolean
  now: number
  /** Table headers (default true; `--no-headers` turns them off). */
  headers?: boolean
}

const TONES: Record<Tone, [number, number]> = { good: [32, 39], warn: [33, 39], bad: [31, 39], dim: [90, 39] }

export function paint(text: string, tone: Tone | undefined, color: boolean): string {
  if (!color || !tone || !text) return text
  const [on, off] = TONES[tone]
  return `\u001B[${on}m${text}\u001B[${off}m`
}

/** Cells never break a row: tabs and newlines become spaces; controls and escapes are made visible. */
const flat = (text: string) => safeText(text.replace(/[\t\r\n]+/g, ' '))

/** Text of several lines, each made safe (the line breaks stay). */
export const safeLines = (text: string) => text.split('\n').map(safeText).join('\n')

function renderTable(headers: string[], rows: Cell[][], color: boolean, withHeaders = true): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => flat(r[i]?.text ?? '').length)))
  const line = (cells: Cell[]) =>
    cells
      .map((c, i) => {
        const text = flat(c.text)
        const padded = i === cells.length - 1 ? text : text.padEnd(widths[i]!)
        return paint(padded, c.tone, color)
      })
      .join('   ')
      .trimEnd()
  return [...(withHeaders ? [line(headers.map((text) => ({ text })))] : []), ...rows.map(line)].join('\n') + '\n'
}

function renderFields(fields: Field[], color: boolean): string {
  const width = Math.max(0, ...fields.map((f) => f.label.length + 1))
  return (
    fields.map((f) => `${`${f.label}:`.padEnd(width)}  ${paint(safeLines(f.value), f.tone, color)}`.trimEnd()).join('\n') + '\n'
  )
}

/** The plain key of a field label: `Restart policy` → `restart-policy`. */
const plainKey = (label: string) => label.trim().toLowerCase().replace(/\s+/g, '-')

export function renderOutput(output: Output, options: RenderOptions): string {
  if (output.kind === 'none') return ''
  if (options.format === 'json') return `${JSON.stringify(output.json, null, 2)}\n`
  switch (output.kind) {
    case 'message':
      if (options.format === 'name' && output.name) return `${flat(output.name)}\n`
      return output.text ? `${safeLines(output.text.replace(/\n+$/, ''))}\n` : ''
    case 'list': {
      if (options.format === 'name') return output.names.map((n) => `${flat(n)}\n`).join('')
      const { headers, rows } = output.table(options.now, options.format === 'wide')
      if (options.format === 'plain') return rows.map((r) => r.map((c) => flat(c.text)).join('\t') + '\n').join('')
      if (!rows.length) return output.empty && options.headers !== false ? `${output.empty}\n` : ''
      return renderTable(headers, rows, options.color, options.headers !== false)
    }
    case 'record': {
      if (options.format === 'name' && output.name) return `${flat(output.name)}\n`
      const fields = output.fields(options.now)
      if (options.format === 'plain') {
        return fields
          .map((f) => (f.plain ? `${f.plain[0]}\t${flat(f.plain[1])}\n` : `${plainKey(f.label)}\t${flat(f.value)}\n`))
          .join('')
      }
      return renderFields(fields, options.color)
    }
  }
}

// ---- formatting helpers shared by the views -------------------------------------------------

/** `45s`, `12m`, `5h`, `3d`, like kubectl's AGE column. */
export function formatAge(iso: string | null | undefined, now: number): string {
  if (!iso) return '-'
  const ms = now - Date.parse(iso)
  if (!Number.isFinite(ms)) return '-'
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 120) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 120) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h`
  return `${Math.floor(h / 24)}d`
}

/** An ISO time with its age: `2026-11-27T17:00:00.000Z (5m ago)`. */
export const formatTime = (iso: string | null | undefined, now: number) => (iso ? `${iso} (${formatAge(iso, now)} ago)` : '-')

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`
  return `${(n / 1_000_000).toFixed(1)} MB`
}

export const formatMap = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(',') || '-'
