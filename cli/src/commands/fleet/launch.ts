/**
 * A headless browser fleet: one Chromium (playwright-core) whose pages each open a join link and
 * become a browser node — the same PWA a person opens, in its headless mode. Used by
 * `stark fleet run` (which `stark fleet start` keeps in the background) and by bench/fleet.ts.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

export const FLEET_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A fleet is compute: its pages must not be throttled as background tabs are.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  // Pages of one fleet are one site: let them share renderer processes (less memory and start-up
  // CPU per node). Pack frames keep their opaque origins either way.
  '--renderer-process-limit=8',
]

export interface FleetOptions {
  count: number
  /** Node names are `<prefix>-<i>`. */
  prefix: string
  labels?: Record<string, string>
  /** A fresh join link (`<server>/#join=<token>`) per page: each token registers one node. */
  joinUrl(): Promise<string>
  chromiumPath?: string
  /** Let the fleet's pages use the service worker (default: blocked, see below). */
  serviceWorkers?: 'allow' | 'block'
  /** More Chromium flags (e.g. --renderer-process-limit=8). */
  extraArgs?: string[]
  /** Pages opened at once (default 8). */
  concurrency?: number
  /** How long a page may take to become Ready (default 60 s). */
  joinTimeoutMs?: number
  onJoined?(name: string, index: number): void
}

export interface Fleet {
  browser: Browser
  context: BrowserContext
  pages: Page[]
  names: string[]
  close(): Promise<void>
}

/** The URL a fleet page opens: the join link plus its name, labels and headless mode. */
export function fleetPageUrl(joinUrl: string, name: string, labels: Record<string, string> = {}): string {
  const extra = new URLSearchParams({ name, headless: '1' })
  for (const [k, v] of Object.entries(labels)) extra.append('label', `${k}=${v}`)
  return `${joinUrl}${joinUrl.includes('#') ? '&' : '#'}${extra.toString()}`
}

export async function launchFleet(o: FleetOptions): Promise<Fleet> {
  const browser = await chromium.launch({ executablePath: o.chromiumPath ?? DEFAULT_CHROMIUM, headless: true, args: [...FLEET_CHROMIUM_ARGS, ...(o.extraArgs ?? [])] })
  // Fleet pages are compute, not offline apps: without the service worker in every fetch's path
  // each page costs less CPU (the PWA works the same, minus offline reloads).
  const context = await browser.newContext({ viewport: { width: 400, height: 300 }, serviceWorkers: o.serviceWorkers ?? 'block' })
  const names = Array.from({ length: o.count }, (_, i) => `${o.prefix}-${i + 1}`)
  const pages: Page[] = new Array(o.count)
  const timeout = o.joinTimeoutMs ?? 60_000
  let next = 0
  async function worker() {
    while (next < o.count) {
      const i = next++
      const page = await context.newPage()
      pages[i] = page
      await page.goto(fleetPageUrl(await o.joinUrl(), names[i]!, { ...o.labels, 'stark.io/fleet-node': names[i]! }), { waitUntil: 'domcontentloaded' })
      await page.waitForSelector('#node-state[data-status="ready"]', { timeout })
      o.onJoined?.(names[i]!, i)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 8, o.count) }, worker))
  } catch (error) {
    await browser.close().catch(() => {})
    throw error
  }
  return { browser, context, pages, names, close: () => browser.close() }
}
