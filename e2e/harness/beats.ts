/**
 * Packs that count their own runs: each run of BEATER calls the test's beat server every 100 ms
 * with its pod name and incarnation, so a test knows, from outside Stark, which runs are alive.
 */
import { createServer } from 'node:http'

export const beaterPack = (port: number) => `
export default async function main(ctx) {
  const url = 'http://127.0.0.1:${port}/beat?pod=' + encodeURIComponent(ctx.pod.name) + '&run=' + ctx.pod.incarnation
  console.log('beating')
  while (!ctx.signal.aborted) {
    await fetch(url).catch(() => {})
    await new Promise((r) => setTimeout(r, 100))
  }
}
`

export interface BeatServer {
  port: number
  /** Runs (pod#incarnation) that beat within the last `windowMs`. */
  alive(windowMs?: number): string[]
  /** Every run that ever beat. */
  runs(): string[]
  /** Samples the alive count every `everyMs` until stop(); returns the samples. */
  sample(everyMs?: number): { stop(): { at: number; alive: number }[] }
  close(): Promise<void>
}

export async function startBeatServer(): Promise<BeatServer> {
  const last = new Map<string, number>()
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x')
    if (u.pathname === '/beat') last.set(`${u.searchParams.get('pod')}#${u.searchParams.get('run')}`, Date.now())
    res.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const alive = (windowMs = 400) => [...last].filter(([, at]) => Date.now() - at <= windowMs).map(([k]) => k)
  return {
    port,
    alive,
    runs: () => [...last.keys()],
    sample(everyMs = 100) {
      const samples: { at: number; alive: number }[] = []
      const timer = setInterval(() => samples.push({ at: Date.now(), alive: alive().length }), everyMs)
      return {
        stop() {
          clearInterval(timer)
          return samples
        },
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** The longest stretch (ms) during which more than `limit` runs were alive at once. */
export function longestOver(samples: { at: number; alive: number }[], limit: number): number {
  let longest = 0
  let start: number | undefined
  for (const s of samples) {
    if (s.alive > limit) start ??= s.at
    else if (start !== undefined) {
      longest = Math.max(longest, s.at - start)
      start = undefined
    }
  }
  if (start !== undefined) longest = Math.max(longest, samples.at(-1)!.at - start)
  return longest
}
