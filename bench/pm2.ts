/**
 * Stark side by side with PM2 (7.0.4, installed into bench/pm2 on first run), on the same beacon
 * workload, RUNS times each (default 3), one system after the other on this machine:
 *   start-many    PODS workloads (default 100) started in one API call → every one has called in
 *   first-line    one workload, API call → its first beacon
 *   memory        PSS of the whole stack with PODS running (PM2: daemon + apps; Stark: server +
 *                 agent + pods), after each start-many run; with it, the stack's PSS idle before
 *                 the run and again once its workloads were stopped (what the stack gives back)
 *   first-restart a workload crashes → its next run's first beacon
 * Stark runs twice: process isolation (the default) and worker isolation. Every figure is a JSON
 * line per system, then one line per figure with the medians side by side and Stark/PM2 ratios.
 * Run: npm run bench:pm2   (RUNS=3 PODS=100 SYSTEMS=pm2,process,worker)
 */
import { loadavg } from 'node:os'
import { startBeaconServer, type BeaconServer } from './beacon'
import { percentile, report, round } from './lib'
import { ensurePm2, startPm2 } from './pm2-driver'
import { treeCpuMs, treePss } from './process-tree'
import { BENCH_RESOURCES, startStark } from './stark-driver'
import { tempHome } from '../e2e/harness/stark'

const runs = Number(process.env.RUNS ?? 3)
const pods = Number(process.env.PODS ?? 100)
const systems = (process.env.SYSTEMS ?? 'pm2,process,worker').split(',').map((s) => s.trim())
for (const s of systems) if (!['pm2', 'process', 'worker'].includes(s)) throw new Error(`SYSTEMS: unknown system "${s}"`)

/** What the measurements need from a system under test. */
interface System {
  startMany(tag: string): Promise<void>
  stopMany(tag: string): Promise<void>
  startOne(name: string, crash: boolean): Promise<void>
  stopOne(name: string): Promise<void>
  /** Roots of the whole stack's process trees, by part. */
  roots(): Record<string, number>
  close(): Promise<void>
}

interface Figures {
  start_many_ms: number[]
  first_line_ms: number[]
  memory_mb: number[]
  first_restart_ms: number[]
}

/**
 * The whole stack's PSS (MB) at one moment, each part's, and how many processes it was (a Stark
 * agent's pods and spare pod processes among them).
 */
interface StackReading {
  mb: number
  parts: Record<string, number>
  processes: number
}
/** Each start-many run's readings: idle before it, with its workloads running, and once they were stopped. */
interface Readings {
  before: StackReading[]
  running: StackReading[]
  afterStop: StackReading[]
}
/** How many of the PODS workloads called in during the 2.5 s before each memory reading (all, or the reading is not of PODS running). */
type Alive = number[]
/** CPU time (ms, user + system) each part spent from the API call until all PODS called in, per run: the process itself and the processes below it. */
type Cpu = Record<string, { own: number; below: number }>[]

/** CPU time each root's tree has used so far. */
const cpuNow = (roots: Record<string, number>) =>
  Object.fromEntries(Object.entries(roots).map(([part, pid]) => [part, treeCpuMs(pid)]))

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms))

function readStack(roots: Record<string, number>): StackReading {
  const stack = treePss(Object.values(roots))
  const parts = Object.fromEntries(Object.entries(roots).map(([part, pid]) => [part, treePss([pid]).mb]))
  return { mb: stack.mb, parts, processes: stack.processes }
}

async function pm2System(beacons: BeaconServer): Promise<System> {
  const home = tempHome('stark-bench-pm2-')
  const pm2 = await startPm2(home.path, beacons.port)
  return {
    startMany: (tag) => pm2.start(Array.from({ length: pods }, (_, i) => `${tag}-${i}`)),
    stopMany: () => pm2.remove('all'),
    startOne: (name, crash) => pm2.start([name], crash),
    stopOne: (name) => pm2.remove(name),
    roots: () => ({ pm2: pm2.daemonPid() }),
    async close() {
      await pm2.close()
      home.remove()
    },
  }
}

async function starkSystem(isolation: 'process' | 'worker', beacons: BeaconServer): Promise<System> {
  const s = await startStark(isolation, beacons.port)
  const expect = async (res: Response, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`)
  }
  return {
    async startMany(tag) {
      const body = { name: tag, pack: 'beacon', replicas: pods, resources: BENCH_RESOURCES }
      await expect(await s.api('POST', '/api/services', body), 201, 'create service')
    },
    async stopMany(tag) {
      await expect(await s.api('DELETE', `/api/services/${tag}`), 200, 'delete service')
      await s.drained()
    },
    async startOne(name, crash) {
      const body = { name, pack: crash ? 'beacon-crash' : 'beacon', resources: BENCH_RESOURCES, restartPolicy: 'Always' }
      await expect(await s.api('POST', '/api/pods', body), 201, 'create pod')
    },
    async stopOne(name) {
      await expect(await s.api('DELETE', `/api/pods/${name}`), 200, 'delete pod')
      await s.drained()
    },
    roots: () => ({ server: s.serverPid(), agent: s.agentPid() }),
    close: () => s.close(),
  }
}

async function measure(
  system: System,
  beacons: BeaconServer,
  label: string,
): Promise<{ f: Figures; readings: Readings; alive: Alive; cpu: Cpu }> {
  const f: Figures = { start_many_ms: [], first_line_ms: [], memory_mb: [], first_restart_ms: [] }
  const readings: Readings = { before: [], running: [], afterStop: [] }
  const alive: Alive = []
  const cpu: Cpu = []
  for (let run = 1; run <= runs; run++) {
    const tag = `${label}-many-${run}`
    readings.before.push(readStack(system.roots()))
    const cpu0 = cpuNow(system.roots())
    const t0 = performance.now()
    await system.startMany(tag)
    const last = await beacons.waitForUps(`${tag}-`, pods, t0)
    f.start_many_ms.push(last - t0)
    const cpu1 = cpuNow(system.roots())
    cpu.push(
      Object.fromEntries(
        Object.entries(cpu1).map(([part, c]) => [
          part,
          { own: round(c.own - (cpu0[part]?.own ?? 0)), below: round(c.below - (cpu0[part]?.below ?? 0)) },
        ]),
      ),
    )
    await settle(3000) // let start-up garbage go before reading memory
    alive.push(beacons.heardSince(`${tag}-`, performance.now() - 2500))
    const running = readStack(system.roots())
    readings.running.push(running)
    f.memory_mb.push(running.mb)
    await system.stopMany(tag)
    await settle(3000) // as before the reading above
    readings.afterStop.push(readStack(system.roots()))
  }
  for (let run = 1; run <= runs; run++) {
    const name = `${label}-one-${run}`
    const t0 = performance.now()
    await system.startOne(name, false)
    const up = await beacons.waitFor((h) => h.id === name && h.kind === 'up')
    f.first_line_ms.push(up.at - t0)
    await system.stopOne(name)
  }
  for (let run = 1; run <= runs; run++) {
    const name = `${label}-crash-${run}`
    await system.startOne(name, true)
    const crash = await beacons.waitFor((h) => h.id === name && h.kind === 'crash')
    const again = await beacons.waitFor((h) => h.id === name && h.kind === 'up' && h.run !== crash.run)
    f.first_restart_ms.push(again.at - crash.at)
    await system.stopOne(name)
  }
  return { f, readings, alive, cpu }
}

const median = (values: number[]) => round(percentile(values, 50))
/** Median CPU time per pod of each part (its own process, and the processes below it) over the runs. */
const cpuPerPod = (cpu: Cpu) =>
  Object.fromEntries(
    Object.keys(cpu[0] ?? {}).map((part) => [
      part,
      {
        own: round(median(cpu.map((c) => c[part]!.own)) / pods, 2),
        below: round(median(cpu.map((c) => c[part]!.below)) / pods, 2),
      },
    ]),
  )
const conditions = () => ({ load_1m: round(loadavg()[0]!, 2), load_5m: round(loadavg()[1]!, 2) })

const pm2Version = systems.includes('pm2') ? ensurePm2() : undefined
const beacons = await startBeaconServer()
const results = new Map<string, Figures>()
try {
  for (const name of systems) {
    const before = conditions()
    const system = name === 'pm2' ? await pm2System(beacons) : await starkSystem(name as 'process' | 'worker', beacons)
    try {
      const { f: figures, readings, alive, cpu } = await measure(system, beacons, name === 'pm2' ? 'pm2' : `stark-${name}`)
      results.set(name, figures)
      for (const [figure, samples] of Object.entries(figures) as [string, number[]][]) {
        report({
          bench: 'pm2-side-by-side',
          system: name === 'pm2' ? `pm2 ${pm2Version}` : `stark (${name} isolation)`,
          figure,
          pods: figure === 'start_many_ms' || figure === 'memory_mb' ? pods : 1,
          runs,
          median: median(samples),
          samples: samples.map((v) => round(v)),
          ...(figure === 'memory_mb'
            ? {
                stack_per_pod_mb: round(median(samples) / pods, 2),
                parts_mb: readings.running.map((r) => r.parts),
                alive_at_reading: alive,
                processes_at_reading: readings.running.map((r) => r.processes),
                idle_before_mb: readings.before.map((r) => r.mb),
                parts_before_mb: readings.before.map((r) => r.parts),
                idle_after_stop_mb: readings.afterStop.map((r) => r.mb),
                parts_after_stop_mb: readings.afterStop.map((r) => r.parts),
                processes_after_stop: readings.afterStop.map((r) => r.processes),
              }
            : {}),
          ...(figure === 'start_many_ms' ? { cpu_ms: cpu, cpu_per_pod_ms: cpuPerPod(cpu) } : {}),
          before,
          after: conditions(),
        })
      }
    } finally {
      await system.close()
    }
  }
  const pm2 = results.get('pm2')
  for (const figure of ['start_many_ms', 'first_line_ms', 'memory_mb', 'first_restart_ms'] as const) {
    const line: Record<string, unknown> = { bench: 'pm2-side-by-side', figure, compare: 'median' }
    const base = pm2 ? median(pm2[figure]) : undefined
    if (base !== undefined) line.pm2 = base
    for (const s of ['process', 'worker']) {
      const f = results.get(s)
      if (!f) continue
      line[`stark_${s}`] = median(f[figure])
      if (base) line[`ratio_${s}`] = round(median(f[figure]) / base, 2)
    }
    report(line)
  }
} finally {
  await beacons.close()
}
// PM2's programmatic client keeps handles open after killDaemon() and disconnect(): without this,
// the benchmark would print its figures and then never exit.
process.exit(0)
