/**
 * Real Chromium for the browser suite (playwright-core; CHROMIUM_PATH, default /usr/bin/chromium).
 * Without a browser the suite skips LOUDLY; with STARK_REQUIRE_BROWSER=1 (CI) it fails instead.
 */
import { existsSync } from 'node:fs'
import { HEADLESS_CHROMIUM_ARGS } from '@stark/shared'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_ARGS = HEADLESS_CHROMIUM_ARGS

/** Whether the browser suite can run here; prints why not (and throws in CI). */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true
  const why = `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install chromium)`
  if (process.env.STARK_REQUIRE_BROWSER === '1') throw new Error(`STARK_REQUIRE_BROWSER=1 but ${why}`)
  const banner = `\n${'!'.repeat(78)}\n!! BROWSER SUITE SKIPPED: ${why}\n${'!'.repeat(78)}\n`
  process.stderr.write(banner)
  console.warn(banner)
  return false
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  // WebGPU needs the GPU process (a software adapter, SwiftShader, on machines without a GPU).
  const base = extraArgs.includes(WEBGPU_ARG) ? CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu') : CHROMIUM_ARGS
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...base, ...extraArgs] })
}

/** Gives pages (and their workers) a WebGPU adapter: SwiftShader's, on this machine. */
export const WEBGPU_ARG = '--enable-unsafe-webgpu'

/** A LAN-like origin: this host name resolves to 127.0.0.1, and http://stark-lan.test:PORT is not a secure context. */
export const LAN_HOST = 'stark-lan.test'
export const LAN_ARGS = [`--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`]
export const onLan = (url: string) => url.replace('127.0.0.1', LAN_HOST)

/** A page that fails the test on uncaught page errors, and records console output for debugging. */
export async function openPage(context: BrowserContext, url: string): Promise<Page & { consoleLines: string[] }> {
  const page = (await context.newPage()) as Page & { consoleLines: string[] }
  page.consoleLines = []
  page.on('console', (m) => page.consoleLines.push(`${m.type()}: ${m.text()}`))
  page.on('pageerror', (e) => page.consoleLines.push(`pageerror: ${e.message}`))
  await page.goto(url)
  return page
}
