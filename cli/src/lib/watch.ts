/**
 * `-w/--watch` on every list, said once: list (every page; the first page's `resourceVersion` is
 * where the watch starts, so no change between the pages and the watch is missed), print the
 * table, then follow `?watch=true&resourceVersion=N` and print each change as a row of the same
 * table until Ctrl-C (exit 0). A version the server no longer holds (410, or a stream that fell
 * behind) or a dropped connection lists again and goes on from the new list (its rows printed
 * again, as changes). `-o json` prints one `{type, object}` per line, `-o plain` tab-separated rows.
 */
import type { ListPage } from '@stark/client'
import { safeText, sseEvents } from '@stark/shared'
import type { Settings } from './config'
import type { CliContext } from './context'
import type { ClientResponse } from 'hono/client'
import { apiError, type Api, call, responseError } from './client'
import type { CommandSettings } from './command'
import { CLIError, ExitCode } from './errors'
import { type Column, type ListShape, listOutput, noOutput, type Output, paint, type Tone } from './output'

export const watchArg = {
  watch: {
    type: 'boolean',
    alias: 'w',
    description: 'After the list, print each change as it happens until Ctrl-C',
  },
} as const

/** One page of a watchable list (pods, services, nodes, events): the documented list answer around items `T`. */
export type Page<T> = Omit<ListPage<'/api/pods'>, 'items'> & { items: T[] }

interface WatchListOptions<T> {
  ctx: CliContext
  api: Api
  settings: Settings
  /** One page of the list (`limit` 1000 from `cursor`). */
  page(cursor: string | undefined): Promise<Page<T>>
  /** The list's URL with `watch=true&resourceVersion=…` and its filters. */
  watchUrl(resourceVersion: string): string
  columns: Column<T>[]
  shape: ListShape<T>
  empty: string
  /** Print the header line (`--no-headers` turns it off). */
  headers: boolean
}

/** A list route of the typed client (`client.api.pods`): its GET and its URL. */
export interface WatchableList<T> {
  // biome-ignore lint/suspicious/noExplicitAny: each list's query type differs; the filters are passed through
  $get(args: { query: any }): Promise<ClientResponse<Page<T> | object | string>>
  // biome-ignore lint/suspicious/noExplicitAny: as above
  $url(args: { query: any }): URL
}

/**
 * `-w` of a list command: the list of `resource` with the command's `query` (its filters), then its
 * changes until Ctrl-C. Returns nothing to render (it printed as it went).
 */
export async function watchListCommand<T>(
  opened: Api & CommandSettings,
  resource: WatchableList<T>,
  query: Record<string, string | number | undefined>,
  columns: Column<T>[],
  empty: string,
  shape: ListShape<T> = {},
  headers = true,
): Promise<Output> {
  const { ctx, settings, ...api } = opened
  await watchList({
    ctx,
    settings,
    api,
    page: async (cursor) => (await call(resource.$get({ query: { limit: 1000, ...query, cursor } }))) as unknown as Page<T>,
    watchUrl: (resourceVersion) => resource.$url({ query: { ...query, watch: 'true', resourceVersion } }).toString(),
    columns,
    shape,
    empty,
    headers,
  })
  return noOutput
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  object: T
  resourceVersion: string
}

/** Consecutive failed reconnects before giving up. */
const MAX_RETRIES = 8

const flat = (text: string) => safeText(text.replace(/[\t\r\n]+/g, ' '))

/** Rows of one table whose column widths are set by the header and the first rows. */
function tableWriter<T>(o: WatchListOptions<T>) {
  const { ctx, settings, columns } = o
  const format = settings.format
  let widths: number[] = []
  const table = (items: T[]) => listOutput(items, columns, '', o.shape) as Extract<Output, { kind: 'list' }>
  const line = (row: { text: string; tone?: Tone | undefined }[]) =>
    row
      .map((c, i) => paint(i === row.length - 1 ? flat(c.text) : flat(c.text).padEnd(widths[i] ?? 0), c.tone, settings.color))
      .join('   ')
      .trimEnd()
  const rowsOf = (items: T[]) => {
    const out = table(items)
    if (format === 'name') return { kind: 'lines', lines: out.names.map(flat) } as const
    const { headers, rows } = out.table(ctx.now(), format === 'wide')
    if (format === 'plain') return { kind: 'lines', lines: rows.map((r) => r.map((c) => flat(c.text)).join('\t')) } as const
    return { kind: 'table', headers, rows } as const
  }
  return {
    first(items: T[]) {
      if (format === 'json') return
      const r = rowsOf(items)
      if (r.kind === 'lines') return void ctx.stdout.write(r.lines.map((l: string) => `${l}\n`).join(''))
      widths = r.headers.map((h, i) => Math.max(h.length, ...r.rows.map((row) => flat(row[i]?.text ?? '').length)))
      const head = o.headers ? [line(r.headers.map((text) => ({ text })))] : []
      const body = [...head, ...r.rows.map(line)]
      if (body.length) ctx.stdout.write(`${body.join('\n')}\n`)
    },
    change(e: WatchEvent<T>) {
      if (format === 'json') return void ctx.stdout.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`)
      const r = rowsOf([e.object])
      if (r.kind === 'lines') return void ctx.stdout.write(r.lines.map((l: string) => `${l}\n`).join(''))
      ctx.stdout.write(r.rows.map((row) => `${line(row)}\n`).join(''))
    },
  }
}

async function listAllPages<T>(page: WatchListOptions<T>['page']): Promise<{ items: T[]; resourceVersion: string }> {
  const first = await page(undefined)
  const items = [...first.items]
  let cursor = first.nextCursor
  for (let n = 0; cursor && n < 10_000; n++) {
    const next = await page(cursor)
    items.push(...next.items)
    if (next.nextCursor === cursor) break
    cursor = next.nextCursor
  }
  return { items, resourceVersion: first.resourceVersion }
}

/** Why a watch ended: the server no longer holds its version (list again), or the stream was cut. */
class Relist extends Error {}

/** Prints the list, then its changes until Ctrl-C. */
export async function watchList<T>(o: WatchListOptions<T>): Promise<void> {
  const { ctx, api } = o
  const stop = new AbortController()
  const shutdown = ctx.trapSignals()
  const onShutdown = () => stop.abort()
  if (shutdown.aborted) return
  shutdown.addEventListener('abort', onShutdown, { once: true })
  const out = tableWriter(o)
  let failures = 0
  let first = true
  try {
    while (!stop.signal.aborted) {
      try {
        const listed = await listAllPages(o.page)
        if (first) {
          out.first(listed.items)
          if (!listed.items.length && o.settings.format === 'table' && o.headers && o.empty) ctx.stderr.write(`${o.empty}\n`)
          first = false
        } else for (const object of listed.items) out.change({ type: 'ADDED', object, resourceVersion: listed.resourceVersion })
        await follow(o, listed.resourceVersion, stop.signal, out, () => {
          failures = 0
        })
      } catch (error) {
        if (stop.signal.aborted) break
        if (error instanceof Relist) continue
        const err = apiError(error)
        if (err.exitCode !== ExitCode.unavailable || ++failures > MAX_RETRIES) throw err
        ctx.stderr.write(`warning: ${safeText(err.message)}; listing again (${failures}/${MAX_RETRIES})…\n`)
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** (failures - 1))))
      }
    }
  } finally {
    shutdown.removeEventListener('abort', onShutdown)
  }
}

async function follow<T>(
  o: WatchListOptions<T>,
  from: string,
  signal: AbortSignal,
  out: ReturnType<typeof tableWriter<T>>,
  connected: () => void,
): Promise<void> {
  const res = await o.api.fetch(o.watchUrl(from), { headers: { accept: 'text/event-stream' }, signal })
  if (res.status === 410) {
    await res.body?.cancel()
    throw new Relist()
  }
  if (!res.ok || !res.body) throw responseError(res.status, await res.json().catch(() => undefined))
  connected()
  for await (const message of sseEvents(res.body)) {
    if (message.event === 'error') throw new Relist()
    if (message.event !== 'message') continue
    out.change(JSON.parse(message.data) as WatchEvent<T>)
  }
  if (signal.aborted) return
  throw new CLIError('the server closed the watch', ExitCode.unavailable)
}
