/**
 * A headless browser fleet: one Chromium (launched by playwright-core) whose pages each open a
 * join link on the node-only page and become a browser node — the same agent and runtime as the
 * PWA a person opens, without its dashboard. Used
 * by `stark fleet run` (which `stark fleet start` keeps in the background) and by bench/fleet.ts.
 *
 * Pages are opened over the DevTools protocol in a browser context of their own rather than
 * through Playwright's Page API: nothing needs to script them once they load, and Playwright's
 * per-page instrumentation costs several times the page itself (~250 ms of CPU against ~60 ms).
 */
import { HEADLESS_CHROMIUM_ARGS } from '@stark/shared'
import { chromium, type Browser, type CDPSession } from 'playwright-core'
import { DEFAULT_CHROMIUM } from './fleet-browser'

export { DEFAULT_CHROMIUM, fleetChromium } from './fleet-browser'

/**
 * The page a fleet opens: the node alone (browser-node's node.html: the agent core and the browser
 * runtime, no dashboard, styles, images or service worker), not the app a person opens.
 */
export const FLEET_PAGE = '/node.html'

/** The page that asks a fleet's pages to leave (node.html answers this fragment, see browser-node page-node.ts). */
export const FLEET_LEAVE_FRAGMENT = '#fleet-leave'

export const FLEET_CHROMIUM_ARGS = [
  ...HEADLESS_CHROMIUM_ARGS,
  // A fleet is compute: its pages must not be throttled as background tabs are.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  // Pages of one fleet are one site: let them share renderer processes (less memory and start-up
  // CPU per node). Pack frames keep their opaque origins either way.
  '--renderer-process-limit=8',
  // The node's memory figure is its page's JS heap (performance.memory): exact, not rounded to coarse steps.
  '--enable-precise-memory-info',
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
  /** The Chromium program (see fleetChromium; default /usr/bin/chromium). */
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

/** The URL a fleet page opens: the join link's fragment on the node page, plus its name, labels and headless mode. */
export function fleetPageUrl(joinUrl: string, name: string, labels: Record<string, string> = {}): string {
  const url = new URL(joinUrl)
  url.pathname = FLEET_PAGE
  const extra = new URLSearchParams({ name, headless: '1' })
  for (const [k, v] of Object.entries(labels)) extra.append('label', `${k}=${v}`)
  const fragment = url.hash.replace(/^#/, '')
  url.hash = fragment ? `${fragment}&${extra}` : extra.toString()
  return url.toString()
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
      // One more page of the same origin asks every page of the fleet to leave while it is still open
      // (a page being closed cannot be relied on to get its last message out); once the server has
      // seen them go, the pages close (their pagehide handler is a second chance) and the browser.
      const origin = new URL(await links[0]!).origin
      await cdp
        .send('Target.createTarget', { url: `${origin}${FLEET_PAGE}${FLEET_LEAVE_FRAGMENT}`, browserContextId })
        .then(({ targetId }) => void targets.push(targetId as string))
        .catch(() => undefined)
      await o.gone?.(names).catch(() => undefined)
      await Promise.all(targets.map((targetId) => cdp.send('Target.closeTarget', { targetId }).catch(() => undefined)))
      await browser.close()
    }
    return { browser, names, close, timings: { browserMs, pagesOpenedMs, readyMs: performance.now() - t0 } }
  } catch (error) {
    await browser.close().catch(() => {})
    throw error
  }
}
