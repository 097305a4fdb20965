/**
 * `-w/--watch` on every list, said once: list (every page; the first page's `resourceVersion` is
 * where the watch starts, so no change between the pages and the watch is missed), print the
 * table, then follow `?watch=true&resourceVersion=N` and print each change as a row of the same
 * table until Ctrl-C (exit 0). A version the server no longer holds (410, or a stream that fell
 * behind) or a dropped connection lists again and goes on from the new list (its rows printed
 * again, as changes). `-o json` prints one `{type, object}` per line, `-o plain` tab-separated rows.
 */
import { safeText } from '@stark/shared'
import type { Settings } from './config'
import type { CliContext } from './context'
import type { ClientResponse } from 'hono/client'
import { apiError, type Api, call, responseError } from './client'
import type { CommandSettings } from './command'
import { CLIError, ExitCode } from './errors'
import { type Column, noOutput, type Output, paint } from './output'
import { readEvents } from './sse'

export const watchArg = {
  watch: {
    type: 'boolean',
    alias: 'w',
    description: 'After the list, print each change as it happens until Ctrl-C',
  },
} as const

export interface Page<T> {
  items: T[]
  nextCursor: string | null
  resourceVersion: string
}

interface WatchListOptions<T> {
  ctx: CliContext
  api: Api
  settings: Settings
  /** One page of the list (`limit` 1000 from `cursor`). */
  page(cursor: string | undefined): Promise<Page<T>>
  /** The list's URL with `watch=true&resourceVersion=…` and its filters. */
  watchUrl(resourceVersion: string): string
  columns: Column<T>[]
  empty: string
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
): Promise<Output> {
  const { ctx, settings, ...api } = opened
  await watchList({
    ctx,
    settings,
    api,
    page: async (cursor) => (await call(resource.$get({ query: { limit: 1000, ...query, cursor } }))) as unknown as Page<T>,
    watchUrl: (resourceVersion) => resource.$url({ query: { ...query, watch: 'true', resourceVersion } }).toString(),
    columns,
    empty,
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
  let widths: number[] | undefined
  const cells = (item: T) => columns.map((c) => ({ text: flat(c.value(item, ctx.now())), tone: c.tone?.(item) }))
  const line = (row: { text: string; tone?: string | undefined }[]) =>
    row
      .map((c, i) => paint(i === row.length - 1 ? c.text : c.text.padEnd(widths![i]!), c.tone as never, settings.color))
      .join('   ')
      .trimEnd()
  return {
    first(items: T[]) {
      if (settings.format === 'json') return
      const rows = items.map(cells)
      if (settings.format === 'plain')
        return void ctx.stdout.write(rows.map((r) => `${r.map((c) => c.text).join('\t')}\n`).join(''))
      const header = columns.map((c) => ({ text: c.header }))
      widths = header.map((h, i) => Math.max(h.text.length, ...rows.map((r) => r[i]!.text.length)))
      ctx.stdout.write([header, ...rows].map(line).join('\n') + '\n')
    },
    change(e: WatchEvent<T>) {
      if (settings.format === 'json') return void ctx.stdout.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`)
      const row = cells(e.object)
      if (settings.format === 'plain') return void ctx.stdout.write(`${row.map((c) => c.text).join('\t')}\n`)
      ctx.stdout.write(`${line(row)}\n`)
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
          if (!listed.items.length && o.settings.format === 'table' && o.empty) ctx.stderr.write(`${o.empty}\n`)
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
  for await (const message of readEvents(res.body)) {
    if (message.event === 'error') throw new Relist()
    if (message.event !== 'message') continue
    out.change(JSON.parse(message.data) as WatchEvent<T>)
  }
  if (signal.aborted) return
  throw new CLIError('the server closed the watch', ExitCode.unavailable)
}
