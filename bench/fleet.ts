/**
 * bench:fleet — headless browser fleets against the built server on this machine: time for N
 * pages (default 50; BENCH_FLEET_SIZES=10,25,50 for several) to join as browser nodes (Ready),
 * then time for a DaemonSet (one pod per node) to be Running on all, CPU per node and memory per
 * browser node (PSS of the Chromium processes, less an empty browser's). Each size is run
 * BENCH_FLEET_RUNS times (default 10), each on a fresh server: one JSON line per run, then one
 * line per size with the distribution (sorted totals, median, worst, how many within the target of
 * BENCH_FLEET_TARGET_MS, default 10 s) and the load average. Nothing is asserted.
 *
 * The DaemonSet is a service in DaemonSet mode (POST /api/services {daemonset: true}) where the
 * server has services; where it does not (404), it is N pods each pinned to its node by label.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { until } from '../e2e/harness/processes'
import { startServer, tempHome } from '../e2e/harness/stark'
import { FLEET_CHROMIUM_ARGS, fleetChromium, launchFleet } from '@stark/cli'
import { BENCH_ADMIN } from './lib'

const SIZES = (process.env.BENCH_FLEET_SIZES ?? '50')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
// The fleet's own choice (the headless shell when installed; STARK_FLEET_CHROMIUM picks another).
const CHROMIUM = fleetChromium(process.env)
const CONCURRENCY = Number(process.env.BENCH_FLEET_CONCURRENCY ?? 8)
const RUNS = Number(process.env.BENCH_FLEET_RUNS ?? 10)
const TARGET_MS = Number(process.env.BENCH_FLEET_TARGET_MS ?? 10_000)
const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])
const EXTRA_ARGS = (process.env.BENCH_FLEET_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)

const PACK = `export default async function main(ctx) {
  console.log('up on ' + ctx.pod.nodeId)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
}`

/** Every process below this one: pid → [name, parent, cpu ms (user + system)]. */
function processTree() {
  const procs = new Map<number, { name: string; parent: number; cpuMs: number }>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const fields = stat.slice(close + 2).split(' ')
      procs.set(Number(d), {
        name: stat.slice(stat.indexOf('(') + 1, close),
        parent: Number(fields[1]),
        cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100,
      })
    } catch {
      /* gone */
    }
  }
  const below = (pid: number): boolean => {
    for (let p = procs.get(pid)?.parent; p !== undefined && p > 1; p = procs.get(p)?.parent) if (p === process.pid) return true
    return false
  }
  return [...procs].filter(([pid]) => below(pid)).map(([pid, p]) => ({ pid, ...p }))
}

/** CPU time (ms) used so far by Chromium processes (in all, and by process type) and by the server (node) below this one. */
function cpuMs(): { chromium: number; server: number; byType: Record<string, number> } {
  let chromium = 0
  let server = 0
  const byType: Record<string, number> = {}
  for (const p of processTree()) {
    if (/chrom/i.test(p.name)) {
      chromium += p.cpuMs
      let type = 'browser'
      try {
        type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${p.pid}/cmdline`, 'utf8'))?.[1] ?? 'browser'
      } catch {
        /* gone */
      }
      byType[type] = (byType[type] ?? 0) + p.cpuMs
    } else if (p.name === 'node') server += p.cpuMs
  }
  return { chromium, server, byType }
}

/** Per node, by Chromium process type, between two readings. */
const perNodeByType = (a: ReturnType<typeof cpuMs>, b: ReturnType<typeof cpuMs>, n: number) =>
  Object.fromEntries(Object.keys(b.byType).map((k) => [k, Math.round(((b.byType[k] ?? 0) - (a.byType[k] ?? 0)) / n)]))

/** PSS (MB) of every Chromium process below this one. */
function chromiumPssMb(): number {
  const parents = new Map<number, number>()
  const names = new Map<number, string>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      names.set(Number(d), stat.slice(stat.indexOf('(') + 1, close))
      parents.set(Number(d), Number(stat.slice(close + 2).split(' ')[1]))
    } catch {
      /* gone */
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true
    return false
  }
  let kb = 0
  for (const [pid, name] of names) {
    if (!/chrom/i.test(name) || !below(pid)) continue
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
      kb += Number(m?.[1] ?? 0)
    } catch {
      /* gone */
    }
  }
  return kb / 1024
}

async function emptyBrowserMb(): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLEET_CHROMIUM_ARGS })
  await browser.newContext()
  await new Promise((r) => setTimeout(r, 500))
  const mb = chromiumPssMb()
  await browser.close()
  return mb
}

async function round(n: number, run: number, baselineMb: number) {
  const home = tempHome('stark-bench-fleet-')
  const server = await startServer({ home: home.path })
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`)
    return res.json() as Promise<any>
  }
  try {
    const { accessToken: token } = await call('POST', '/api/auth/setup', BENCH_ADMIN)
    await call('POST', '/api/packs', { name: 'daemon', version: '1.0.0', runtime: 'browser', bundle: PACK }, token)
    const prefix = `b${n}`
    const cpu0 = cpuMs()
    const t0 = performance.now()
    const fleet = await launchFleet({
      count: n,
      prefix,
      chromiumPath: CHROMIUM,
      concurrency: CONCURRENCY,
      extraArgs: EXTRA_ARGS,
      labels: { pool: 'bench' },
      joinUrl: async () => (await call('POST', '/api/nodes/tokens', {}, token)).url,
      ready: async (names) =>
        void (await until(
          async () =>
            (
              await call('GET', '/api/nodes', undefined, token)
            ).items.filter((x: any) => x.status === 'Ready' && names.includes(x.name)).length >= n,
          {
            timeoutMs: 120_000,
            intervalMs: 50,
            what: `${n} nodes Ready`,
          },
        )),
    })
    const joinMs = performance.now() - t0
    const cpu1 = cpuMs()
    const t1 = performance.now()
    const resources = { cpu: 10, memory: 16 }
    const service = await fetch(server.url + '/api/services', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'daemon', pack: 'daemon', daemonset: true, selector: { pool: 'bench' }, resources }),
    })
    const daemonSet = service.ok
      ? 'service in DaemonSet mode'
      : 'one pod per node pinned by label (no services API on this server)'
    if (!service.ok && service.status !== 404)
      throw new Error(`POST /api/services: HTTP ${service.status} ${await service.text()}`)
    if (!service.ok) {
      await Promise.all(
        fleet.names.map((name) =>
          call(
            'POST',
            '/api/pods',
            { pack: 'daemon', name: `daemon-${name}`, selector: { 'stark.io/fleet-node': name }, resources },
            token,
          ),
        ),
      )
    }
    await until(
      async () => (await call('GET', '/api/pods', undefined, token)).items.filter((p: any) => p.status === 'Running').length >= n,
      {
        timeoutMs: 120_000,
        intervalMs: 50,
        what: `${n} pods Running`,
      },
    )
    const podsRunningMs = performance.now() - t1
    const cpu2 = cpuMs()
    await new Promise((r) => setTimeout(r, 1000))
    const totalMb = chromiumPssMb()
    await fleet.close()
    return {
      bench: 'fleet',
      nodes: n,
      run,
      joinMs: Math.round(joinMs),
      // Within the join: Chromium started, every page opened (not yet loaded), every node Ready.
      joinSteps: {
        browserMs: Math.round(fleet.timings.browserMs),
        pagesOpenedMs: Math.round(fleet.timings.pagesOpenedMs),
        readyMs: Math.round(fleet.timings.readyMs),
      },
      podsRunningMs: Math.round(podsRunningMs),
      joinAndPodsMs: Math.round(joinMs + podsRunningMs),
      // CPU per node, which other load on the machine does not change (the wall times above it does).
      joinCpuMsPerNode: {
        chromium: Math.round((cpu1.chromium - cpu0.chromium) / n),
        server: Math.round((cpu1.server - cpu0.server) / n),
        chromiumByProcess: perNodeByType(cpu0, cpu1, n),
      },
      podCpuMsPerNode: {
        chromium: Math.round((cpu2.chromium - cpu1.chromium) / n),
        server: Math.round((cpu2.server - cpu1.server) / n),
      },
      withinTarget: joinMs + podsRunningMs <= TARGET_MS,
      loadAverage: loadAverage(),
      chromiumPssMb: Math.round(totalMb),
      emptyBrowserPssMb: Math.round(baselineMb),
      memoryPerNodeMb: Math.round(((totalMb - baselineMb) / n) * 10) / 10,
      concurrency: CONCURRENCY,
      chromium: CHROMIUM,
      chromiumArgs: EXTRA_ARGS.join(' '),
      daemonSet,
    }
  } finally {
    await server.stop()
    home.remove()
  }
}

const baseline = await emptyBrowserMb()
for (const n of SIZES) {
  const totals: number[] = []
  const loads: number[] = [loadAverage()]
  for (let run = 1; run <= RUNS; run++) {
    const r = await round(n, run, baseline)
    console.log(JSON.stringify(r))
    totals.push(r.joinAndPodsMs)
    loads.push(r.loadAverage)
  }
  const sorted = [...totals].sort((a, b) => a - b)
  console.log(
    JSON.stringify({
      bench: 'fleet-distribution',
      nodes: n,
      runs: RUNS,
      targetMs: TARGET_MS,
      withinTarget: totals.filter((t) => t <= TARGET_MS).length,
      joinAndPodsMs: totals,
      sortedMs: sorted,
      medianMs: sorted[Math.floor((sorted.length - 1) / 2)],
      worstMs: sorted.at(-1),
      loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
    }),
  )
}
