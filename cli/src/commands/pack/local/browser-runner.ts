/**
 * `stark pack run --runtime browser`: the browser node's own executor (browser-node/run.html: a
 * worker in a sandboxed, opaque-origin frame, or a visible frame for a UI pack) in headless Chromium
 * from playwright-core, served from this machine, with no agent and no server.
 */
import { createReadStream, existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { PodAssignment, PodExit } from '@stark/shared'
import { chromium } from 'playwright-core'
import { CLIError } from '../../../lib/errors'
import { findUp } from './find-up'
import { LOCAL_NODE_ID, type LineSink, type LocalRun } from './local-pod'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

export interface BrowserRunOptions {
  chromiumPath: string
  /** Show the browser window (a UI pack's view). */
  headed?: boolean
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** Serves the built browser node's files on a loopback port. */
async function serve(dir: string): Promise<Server> {
  const root = normalize(dir + sep)
  const server = createServer((req, res) => {
    let path: string
    try {
      path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)))
    } catch {
      return void res.writeHead(400).end()
    }
    if (!path.startsWith(root) || !existsSync(path)) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
    createReadStream(path).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

export async function runInBrowser(
  assignment: PodAssignment,
  code: string,
  sink: LineSink,
  options: BrowserRunOptions,
): Promise<LocalRun> {
  const page = findUp(join('browser-node', 'dist', 'run.html'))
  if (!page) throw new CLIError('the browser node is not built (npm run build -w browser-node in the Stark checkout)')
  if (!existsSync(options.chromiumPath))
    throw new CLIError(`no Chromium at ${options.chromiumPath}: install Chromium, or set CHROMIUM_PATH to its executable`)
  const server = await serve(join(page, '..'))
  const browser = await chromium.launch({
    executablePath: options.chromiumPath,
    headless: !options.headed,
    // Ctrl-C is the CLI's to handle: it stops the pack, then closes the browser.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  })
  let settle!: (exit: PodExit) => void
  const done = new Promise<PodExit>((resolve) => (settle = resolve))
  const close = async () => {
    await browser.close().catch(() => {})
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  try {
    const tab = await browser.newPage()
    await tab.exposeFunction('starkLine', (stream: 'stdout' | 'stderr', line: string) => sink(stream, String(line)))
    await tab.exposeFunction('starkDone', (exit: PodExit) => settle(exit))
    // The browser itself going away (crashed, closed) ends the run.
    browser.on('disconnected', () =>
      settle({ status: 'Failed', reason: 'Crashed', message: 'the browser closed before the pack ended' }),
    )
    const { port } = server.address() as AddressInfo
    await tab.goto(`http://127.0.0.1:${port}/run.html`)
    await tab.waitForFunction(() => 'starkLocalRun' in window)
    await tab.evaluate(
      ([source, a, nodeId]) =>
        (window as unknown as { starkLocalRun: { start(s: string, a: unknown, n: string): void } }).starkLocalRun.start(
          source,
          a,
          nodeId,
        ),
      [code, assignment, LOCAL_NODE_ID] as const,
    )
    return {
      done,
      stop(gracePeriodMs) {
        void tab
          .evaluate(
            (ms) => (window as unknown as { starkLocalRun: { stop(ms: number): void } }).starkLocalRun.stop(ms),
            gracePeriodMs,
          )
          .catch(() => {})
      },
      close,
    }
  } catch (error) {
    await close()
    throw new CLIError(`could not start the pack in Chromium: ${(error as Error).message}`, undefined, { cause: error })
  }
}
