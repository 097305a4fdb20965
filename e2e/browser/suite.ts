/**
 * The opening the browser tests share: a cluster (a server with an admin, no nodes) and a
 * headless Chromium, started together before the tests of a `describe` and stopped after them;
 * and a browser node joined as a device does, from a join link opened headless.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium, openPage } from './chromium'
import { startCluster, type TestCluster } from './cluster'

export interface BrowserSuite {
  readonly cluster: TestCluster
  readonly browser: Browser
}

/** Call in a `describe`: its tests read `cluster` and `browser` of the returned suite. */
export function browserSuite(options: { chromiumArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): BrowserSuite {
  let cluster: TestCluster | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    ;[cluster, browser] = await Promise.all([startCluster(options.env), launchChromium(options.chromiumArgs)])
  })
  afterAll(async () => {
    await browser?.close()
    await cluster?.stop()
  })
  const started = <T>(what: T | undefined): T => {
    if (what === undefined) throw new Error('the browser suite starts in beforeAll')
    return what
  }
  return {
    get cluster() {
      return started(cluster)
    },
    get browser() {
      return started(browser)
    },
  }
}

/**
 * Opens a fresh join link headless as node `name` (in `context`, else a new one) and waits until
 * the server has it Ready. `query` adds to the link (`&label=pool=a`).
 */
export async function joinHeadless(
  suite: BrowserSuite,
  name: string,
  { context, query = '' }: { context?: BrowserContext; query?: string } = {},
) {
  const { cluster, browser } = suite
  const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
  const page = await openPage(context ?? (await browser.newContext()), `${url}&name=${name}${query}&headless=1`)
  await cluster.waitNode(name, (n) => n.status === 'Ready', `${name} Ready`)
  return page
}
