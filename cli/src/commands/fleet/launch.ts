/**
 * A headless browser fleet: one Chromium (launched by playwright-core) whose pages each open a
 * join link and become a browser node — the same PWA a person opens, in its headless mode. Used
 * by `stark fleet run` (which `stark fleet start` keeps in the background) and by bench/fleet.ts.
 *
 * Pages are opened over the DevTools protocol in a browser context of their own rather than
 * through Playwright's Page API: nothing needs to script them once they load, and Playwright's
 * per-page instrumentation costs several times the page itself (~250 ms of CPU against ~60 ms).
 */
import { HEADLESS_CHROMIUM_ARGS } from '@stark/shared'
import { chromium, type Browser, type CDPSession } from 'playwright-core'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

export const FLEET_CHROMIUM_ARGS = [
  ...HEADLESS_CHROMIUM_ARGS,
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
  /** Resolves once the server reports these nodes Ready (the fleet asks the server, not the pages). */
  ready(names: string[]): Promise<void>
  /**
   * Resolves once the server no longer reports these nodes Ready, after their pages closed (bounded
   * by the caller). The browser stays up meanwhile, so each page's leave message is delivered.
   */
  gone?(names: string[]): Promise<void>
  chromiumPath?: string
  /** More Chromium flags. */
  extraArgs?: string[]
  /** Pages opened at once (default 8). */
  concurrency?: number
}

export interface Fleet {
  browser: Browser
  names: string[]
  /** Since the launch (ms): Chromium started, every page opened (not yet loaded), every node Ready. */
  timings: { browserMs: number; pagesOpenedMs: number; readyMs: number }
  /** Closes each page as a tab is closed (its node leaves on purpose), then the browser. */
  close(): Promise<void>
}

/** The URL a fleet page opens: the join link plus its name, labels and headless mode. */
export function fleetPageUrl(joinUrl: string, name: string, labels: Record<string, string> = {}): string {
  const extra = new URLSearchParams({ name, headless: '1' })
  for (const [k, v] of Object.entries(labels)) extra.append('label', `${k}=${v}`)
  return `${joinUrl}${joinUrl.includes('#') ? '&' : '#'}${extra.toString()}`
}

export async function launchFleet(o: FleetOptions): Promise<Fleet> {
  const t0 = performance.now()
  const names = Array.from({ length: o.count }, (_, i) => `${o.prefix}-${i + 1}`)
  // The join links are asked for while Chromium starts, not one by one before each page.
  const links = names.map(() => o.joinUrl())
  for (const l of links) l.catch(() => {})
  const browser = await chromium.launch({
    executablePath: o.chromiumPath ?? DEFAULT_CHROMIUM,
    headless: true,
    args: [...FLEET_CHROMIUM_ARGS, ...(o.extraArgs ?? [])],
  })
  try {
    const browserMs = performance.now() - t0
    const cdp: CDPSession = await browser.newBrowserCDPSession()
    const { browserContextId } = (await cdp.send('Target.createBrowserContext', {})) as { browserContextId: string }
    const targets: string[] = []
    let next = 0
    const open = async () => {
      while (next < o.count) {
        const i = next++
        const name = names[i]!
        const url = fleetPageUrl(await links[i]!, name, { ...o.labels, 'stark.io/fleet-node': name })
        const { targetId } = (await cdp.send('Target.createTarget', { url, browserContextId })) as { targetId: string }
        targets.push(targetId)
      }
    }
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 8, o.count) }, open))
    const pagesOpenedMs = performance.now() - t0
    await o.ready(names)
    const close = async () => {
      // Closing a tab runs its pagehide handler: each page tells the server its node leaves.
      await Promise.all(targets.map((targetId) => cdp.send('Target.closeTarget', { targetId }).catch(() => undefined)))
      await o.gone?.(names).catch(() => undefined)
      await browser.close()
    }
    return { browser, names, close, timings: { browserMs, pagesOpenedMs, readyMs: performance.now() - t0 } }
  } catch (error) {
    await browser.close().catch(() => {})
    throw error
  }
}
