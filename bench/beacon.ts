/**
 * The beacon workload, the same for PM2 and for Stark: it prints a line, calls the bench's beacon
 * server (`up`), then beats every second until stopped; the crashing variant calls `crash` and
 * throws right after `up`. Only the wrapper differs: a plain Node script for PM2, a pack for Stark.
 */
import { createServer } from 'node:http'

const body = (port: number, crash: boolean) => `
  const base = 'http://127.0.0.1:${port}/b?id=' + encodeURIComponent(name) + '&run=' + encodeURIComponent(run)
  const hit = (kind) => fetch(base + '&kind=' + kind).then((r) => r.text()).catch(() => {})
  console.log('beacon ' + name + ' up')
  await hit('up')
  ${crash ? "await hit('crash'); throw new Error('crash on purpose')" : ''}
  while (!signal.aborted) {
    await new Promise((r) => {
      const done = () => (clearTimeout(t), signal.removeEventListener('abort', done), r())
      const t = setTimeout(done, 1000)
      signal.addEventListener('abort', done, { once: true })
    })
    if (!signal.aborted) await hit('beat')
  }
`

/** For PM2: a script run as `node beacon.cjs` with BEACON_NAME set; its pid tells its runs apart. */
export const pm2Script = (port: number, crash: boolean) => `'use strict'
const name = process.env.BEACON_NAME
const run = String(process.pid)
const signal = new AbortController().signal
;(async () => {${body(port, crash)}})().catch((e) => { console.error(e.message); process.exit(1) })
`

/** For Stark: a pack; its incarnation tells its runs apart. */
export const starkPack = (port: number, crash: boolean) => `export default async function main(ctx) {
  const name = ctx.pod.name
  const run = String(ctx.pod.incarnation)
  const signal = ctx.signal
${body(port, crash)}}
`

export interface Hit {
  id: string
  run: string
  kind: string
  at: number
}

export interface BeaconServer {
  port: number
  /** Resolves with the first hit that `match` accepts (arriving from now on or already there). */
  waitFor(match: (h: Hit) => boolean, timeoutMs?: number): Promise<Hit>
  /** Resolves once `count` distinct ids with the given prefix have sent `up`; the last one's time. */
  waitForUps(prefix: string, count: number, since: number, timeoutMs?: number): Promise<number>
  /** How many distinct ids with the prefix called in (any kind) at or after `since`. */
  heardSince(prefix: string, since: number): number
  close(): Promise<void>
}

export async function startBeaconServer(): Promise<BeaconServer> {
  const hits: Hit[] = []
  const waiters = new Set<(h: Hit) => void>()
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x')
    const hit = {
      id: u.searchParams.get('id') ?? '',
      run: u.searchParams.get('run') ?? '',
      kind: u.searchParams.get('kind') ?? '',
      at: performance.now(),
    }
    hits.push(hit)
    for (const w of waiters) w(hit)
    res.end('ok')
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  function waitFor(match: (h: Hit) => boolean, timeoutMs = 60_000): Promise<Hit> {
    const found = hits.find(match)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (waiters.delete(w), reject(new Error('beacon: timed out'))), timeoutMs)
      const w = (h: Hit) => {
        if (!match(h)) return
        clearTimeout(timer)
        waiters.delete(w)
        resolve(h)
      }
      waiters.add(w)
    })
  }

  async function waitForUps(prefix: string, count: number, since: number, timeoutMs = 120_000): Promise<number> {
    const seen = new Set<string>()
    let last = 0
    const take = (h: Hit) => {
      if (h.kind !== 'up' || h.at < since || !h.id.startsWith(prefix) || seen.has(h.id)) return false
      seen.add(h.id)
      last = h.at
      return seen.size >= count
    }
    for (const h of hits) if (take(h)) return last
    await waitFor(take, timeoutMs)
    return last
  }

  const heardSince = (prefix: string, since: number) =>
    new Set(hits.filter((h) => h.at >= since && h.id.startsWith(prefix)).map((h) => h.id)).size

  return { port, waitFor, waitForUps, heardSince, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
