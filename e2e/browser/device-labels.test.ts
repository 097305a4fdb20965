/**
 * A device-aware browser node: its battery (the Battery Status API, emulated by an init script),
 * its tab's visibility (emulated the same way) and its WebGPU adapter (SwiftShader's, for real)
 * become live labels on its node; below 20% on battery it taints itself low-battery:NoSchedule and
 * a hidden tab hidden:PreferNoSchedule, both with hysteresis. A pod that needs WebGPU (`--gpu`)
 * runs only on a WebGPU node, and its pack reaches navigator.gpu in its worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { until } from '../harness/processes'
import { stark } from '../harness/stark'
import { browserAvailable, launchChromium, openPage, WEBGPU_ARG } from './chromium'
import { ADMIN, startCluster, type TestCluster } from './cluster'
import { TICKER } from './packs'

const available = browserAvailable()

const GPU_PACK = `
export default async function main(ctx) {
  const adapter = navigator.gpu ? await navigator.gpu.requestAdapter() : null
  console.log('webgpu in the worker: ' + (navigator.gpu ? 'yes' : 'no') + ', adapter: ' + (adapter ? adapter.info.vendor : 'none'))
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
}
`

type W = Window & { starkBattery: { set(level: number, charging: boolean): void }; starkHidden(hidden: boolean): void }

/** The Battery Status API and page visibility, driven by the test. */
function emulateDevice() {
  const battery = Object.assign(new EventTarget(), { level: 0.8, charging: true, chargingTime: 0, dischargingTime: Infinity })
  const w = window as unknown as W
  w.starkBattery = {
    set(level, charging) {
      battery.level = level
      battery.charging = charging
      battery.dispatchEvent(new Event('levelchange'))
      battery.dispatchEvent(new Event('chargingchange'))
    },
  }
  Object.defineProperty(navigator, 'getBattery', { value: () => Promise.resolve(battery), configurable: true })
  let hidden = false
  Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true })
  Object.defineProperty(document, 'hidden', { get: () => hidden, configurable: true })
  w.starkHidden = (h) => {
    hidden = h
    document.dispatchEvent(new Event('visibilitychange'))
  }
}

const taintsOf = (n: any) => (n.taints as { key: string; effect: string }[]).map((t) => `${t.key}:${t.effect}`)

describe.skipIf(!available)('device-aware browser nodes', () => {
  let cluster: TestCluster
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    ;[cluster, browser] = await Promise.all([startCluster(), launchChromium([WEBGPU_ARG])])
    context = await browser.newContext()
    await context.addInitScript(emulateDevice)
  })
  afterAll(async () => {
    await browser?.close()
    await cluster?.stop()
  })

  it('labels power, battery, visibility and WebGPU, and taints itself on low battery and when hidden', async () => {
    const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
    const page = await openPage(context, `${url}&name=device-1&headless=1`)
    const labelled = await cluster.waitNode(
      'device-1',
      (n) => n.status === 'Ready' && n.labels['stark.io/battery-level'] === '80' && n.labels['stark.io/webgpu'] !== undefined,
      'device-1 Ready with its device labels',
    )
    expect(labelled.labels).toMatchObject({
      'stark.io/power': 'ac',
      'stark.io/visibility': 'visible',
      'stark.io/webgpu': 'true',
      'stark.io/webgpu-vendor': 'google',
      'stark.io/webgpu-architecture': 'swiftshader',
    })
    expect(taintsOf(labelled)).toEqual([])

    // Unplugged at 15%: the node taints itself, and a new pod waits.
    await page.evaluate(() => (window as unknown as W).starkBattery.set(0.15, false))
    const low = await cluster.waitNode('device-1', (n) => n.labels['stark.io/battery-level'] === '15', 'battery at 15%')
    expect(low.labels['stark.io/power']).toBe('battery')
    expect(taintsOf(low)).toEqual(['stark.io/low-battery:NoSchedule'])
    await cluster.register('ticker', TICKER, 'browser')
    await cluster.createPod('ticker', { name: 'on-battery' })
    await cluster.waitPod('on-battery', (p) => /low-battery/.test(p.message ?? ''), 'on-battery refused for the taint')
    // 22% is between the thresholds: the taint stays.
    await page.evaluate(() => (window as unknown as W).starkBattery.set(0.22, false))
    const between = await cluster.waitNode('device-1', (n) => n.labels['stark.io/battery-level'] === '22', 'battery at 22%')
    expect(taintsOf(between)).toEqual(['stark.io/low-battery:NoSchedule'])
    // 30%: it comes off, and the waiting pod runs.
    await page.evaluate(() => (window as unknown as W).starkBattery.set(0.3, false))
    await cluster.waitNode('device-1', (n) => taintsOf(n).length === 0, 'low-battery taint removed at 30%')
    await cluster.waitPod('on-battery', (p) => p.status === 'Running' && p.nodeName === 'device-1', 'on-battery Running')

    // A hidden tab: the label at once, the taint once it has stayed hidden; both go when visible again.
    await page.evaluate(() => (window as unknown as W).starkHidden(true))
    const hidden = await cluster.waitNode(
      'device-1',
      (n) => taintsOf(n).includes('stark.io/hidden:PreferNoSchedule'),
      'hidden taint',
    )
    expect(hidden.labels['stark.io/visibility']).toBe('hidden')
    await page.evaluate(() => (window as unknown as W).starkHidden(false))
    const shown = await cluster.waitNode('device-1', (n) => taintsOf(n).length === 0, 'hidden taint removed')
    expect(shown.labels['stark.io/visibility']).toBe('visible')
    const events = await cluster.api('GET', '/api/events?limit=200')
    expect(JSON.stringify(events)).toContain('DeviceChanged')
  })

  it('a pod that needs WebGPU (--gpu) runs only on a WebGPU node and reaches navigator.gpu in its worker', async () => {
    const login = await stark(cluster.home.path, cluster.url, [
      'auth',
      'login',
      '--email',
      ADMIN.email,
      '--password',
      ADMIN.password,
    ])
    expect(login.code, login.stderr).toBe(0)
    await cluster.register('gpu-probe', GPU_PACK, 'browser')
    // A second node without WebGPU (no adapter in a browser without the flag) takes no WebGPU pod.
    const plain = await launchChromium()
    try {
      const { url } = await cluster.api('POST', '/api/nodes/tokens', {})
      await openPage(await plain.newContext(), `${url}&name=no-gpu&headless=1`)
      await cluster.waitNode('no-gpu', (n) => n.status === 'Ready' && n.labels['stark.io/webgpu'] === 'false', 'no-gpu Ready')
      const created = await stark(cluster.home.path, cluster.url, ['pod', 'create', 'gpu-probe', '--name', 'gpu-1', '--gpu'])
      expect(created.code, created.stderr).toBe(0)
      const pod = await cluster.waitPod('gpu-1', (p) => p.status === 'Running', 'gpu-1 Running')
      expect(pod.nodeName).toBe('device-1')
      // Its lines come in batches, after it was reported Running: wait for the first.
      const logs = await until(
        async () => {
          const got = JSON.stringify(await cluster.api('GET', `/api/pods/${pod.id}/logs`))
          return got.includes('webgpu in the worker') ? got : undefined
        },
        { what: 'the gpu probe’s line' },
      )
      expect(logs).toContain('webgpu in the worker: yes, adapter: google')
    } finally {
      await plain.close()
    }
  })
})
