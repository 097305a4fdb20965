import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { realClock, silentLogger, type Clock } from '@stark/shared'
import { podAssignment } from '@stark/shared/testing'
import { createProcessExecutor, type ProcessExecutor } from './process-executor'
import { bundleDir, output, sharedExecutorCases } from './testing/executor-cases'
import { readProcFacts, readProcStats } from './proc-stats'

let bundles: Awaited<ReturnType<typeof bundleDir>>
let dir: string
let home: string
let executor: ProcessExecutor
let runs = 0
const bundle = (source: string) => bundles.bundle(source)
const AGENT_SECRET = `agent-secret-${process.pid}`

beforeAll(async () => {
  bundles = await bundleDir('stark-pexec-')
  dir = bundles.dir
  // What an agent keeps in $STARK_HOME: its node identity (with the node token) and bundles.
  home = join(dir, 'home')
  await mkdir(join(home, 'nodes'), { recursive: true })
  await writeFile(join(home, 'nodes', 'n1.json'), JSON.stringify({ nodeId: 'n1', nodeToken: 'the-node-token' }), { mode: 0o600 })
  process.env.STARK_TEST_AGENT_SECRET = AGENT_SECRET
  executor = createProcessExecutor({ clock: realClock, log: silentLogger })
})
afterAll(async () => {
  executor.close()
  delete process.env.STARK_TEST_AGENT_SECRET
  await bundles.remove()
})

async function run(source: string, opts: { memory?: number; env?: Record<string, string>; clock?: Clock; podId?: string } = {}) {
  const ex = opts.clock ? createProcessExecutor({ clock: opts.clock, log: silentLogger, warmPool: 0 }) : executor
  const out = output()
  const assignment = podAssignment({
    podId: opts.podId ?? `pod-${++runs}`,
    env: opts.env ?? {},
    resources: { cpu: 100, memory: opts.memory ?? 64 },
  })
  const podRun = ex.start(assignment, 'node-x', await bundle(source), out.io)
  return { out, podRun, done: podRun.done, json: () => JSON.parse(out.of('stdout').at(-1)!) }
}

/** A pack that runs each probe and prints `{name: 'ok: …' | 'denied: CODE'}` as its last line. */
const probes = (body: string) => `export default async function main(ctx) {
  const r = {}
  const t = async (name, fn) => { try { r[name] = 'ok: ' + String(await fn()).slice(0, 200) } catch (e) { r[name] = 'denied: ' + (e.code || e.message) } }
  ${body}
  console.log(JSON.stringify(r))
}`

describe('process executor: the pod is a separate process under the permission model', () => {
  sharedExecutorCases(run)

  it('runs a pack in its own process, with only the pod’s environment and its own directory as cwd', async () => {
    const { done, json } = await run(
      `export default async function main() { console.log(JSON.stringify({ pid: process.pid, ppid: process.ppid, env: process.env, cwd: process.cwd() })) }`,
      { env: { ONLY: 'this' } },
    )
    expect((await done).status).toBe('Succeeded')
    const seen = json()
    expect(seen.pid).not.toBe(process.pid)
    expect(seen.env).toEqual({ ONLY: 'this' })
    expect(seen.cwd).toMatch(/stark-pods-/)
  })

  it('a pack cannot read the agent’s token file, its environment, its bundles or anything else on disk', async () => {
    const { done, json } = await run(
      probes(`
      const fs = await import('node:fs')
      await t('tokenFile', () => fs.readFileSync(${JSON.stringify(join(home, 'nodes', 'n1.json'))}, 'utf8'))
      await t('homeListing', () => fs.readdirSync(${JSON.stringify(home)}).join(','))
      await t('agentEnviron', () => fs.readFileSync('/proc/' + process.ppid + '/environ', 'utf8'))
      await t('agentCmdline', () => fs.readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8'))
      await t('etcPasswd', () => fs.readFileSync('/etc/passwd', 'utf8'))
      await t('envSecret', () => process.env.STARK_TEST_AGENT_SECRET ?? (() => { throw Object.assign(new Error(), { code: 'ABSENT' }) })())
      await t('ownBundle', () => fs.readFileSync('pack.mjs', 'utf8').length)
      await t('writeOwnDir', () => fs.writeFileSync('x.txt', 'x'))
      await t('writeTmp', () => fs.writeFileSync('/tmp/stark-pod-was-here', 'x'))
      await t('symlink', () => fs.symlinkSync(${JSON.stringify(join(home, 'nodes', 'n1.json'))}, 'token-link'))
    `),
    )
    expect((await done).status).toBe('Succeeded')
    const r = json()
    expect(r).toEqual({
      tokenFile: 'denied: ERR_ACCESS_DENIED',
      homeListing: 'denied: ERR_ACCESS_DENIED',
      agentEnviron: 'denied: ERR_ACCESS_DENIED',
      agentCmdline: 'denied: ERR_ACCESS_DENIED',
      etcPasswd: 'denied: ERR_ACCESS_DENIED',
      envSecret: 'denied: ABSENT',
      ownBundle: expect.stringMatching(/^ok: \d+$/),
      writeOwnDir: 'denied: ERR_ACCESS_DENIED',
      writeTmp: 'denied: ERR_ACCESS_DENIED',
      symlink: 'denied: ERR_ACCESS_DENIED',
    })
  })

  it('a pack cannot signal the agent or any other process, nor open the agent’s inspector', async () => {
    // Signal 0 checks permission without delivering anything: if it got through, a real signal would too.
    const { done, json } = await run(
      probes(`
      const os = await import('node:os')
      await t('killParent', () => process.kill(process.ppid, 0))
      await t('killGroup', () => process.kill(0, 0))
      await t('killAll', () => process.kill(-1, 0))
      await t('rawKill', () => { const e = process._kill(process.ppid, 0); if (e) throw Object.assign(new Error(), { code: 'ERRNO ' + e }); return e })
      await t('debugProcess', () => process._debugProcess(process.ppid))
      await t('renice', () => os.setPriority(process.ppid, 19))
      await t('killSelfProbe', () => process.kill(process.pid, 0))
      await t('redefineKill', () => { Object.defineProperty(process, '_kill', { value: () => 0 }); return 'redefined' })
    `),
    )
    expect((await done).status).toBe('Succeeded')
    expect(json()).toEqual({
      killParent: 'denied: EPERM',
      killGroup: 'denied: EPERM',
      killAll: 'denied: EPERM',
      rawKill: 'denied: ERRNO -1',
      debugProcess: 'denied: ERR_ACCESS_DENIED',
      renice: 'denied: ERR_ACCESS_DENIED',
      killSelfProbe: 'ok: true',
      redefineKill: expect.stringMatching(/^denied: /),
    })
  })

  it('a pack can start no process, thread, addon, inspector, binding or trace file, nor change V8 flags', async () => {
    const { done, json } = await run(
      probes(`
      await t('childProcess', async () => (await import('node:child_process')).execSync('id').toString())
      await t('spawnViaBinding', () => process.binding('spawn_sync'))
      await t('worker', async () => { const { Worker } = await import('node:worker_threads'); new Worker('1', { eval: true }); return 'started' })
      await t('addon', () => process.dlopen({ exports: {} }, '/nonexistent.node'))
      await t('inspector', async () => { const i = await import('node:inspector'); i.open(0); return i.url() })
      await t('inspectorSession', async () => { const { Session } = await import('node:inspector'); new Session().connect(); return 'connected' })
      await t('traceFile', async () => { const te = await import('node:trace_events'); te.createTracing({ categories: ['node'] }).enable(); return 'tracing' })
      await t('v8Flags', async () => (await import('node:v8')).setFlagsFromString('--allow-natives-syntax'))
      await t('wasi', async () => { const { WASI } = await import('node:wasi'); new WASI({ version: 'preview1' }); return 'wasi' })
    `),
    )
    expect((await done).status).toBe('Succeeded')
    const r = json()
    for (const [probe, answer] of Object.entries(r)) expect(answer, probe).toMatch(/^denied: /)
    expect(Object.keys(r)).toHaveLength(9)
  })

  it('pods cannot read each other’s directories', async () => {
    const first = await run(
      `export default async function main(ctx) { console.log(process.cwd()); await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`,
    )
    await first.out.seen((l) => l.includes('stark-pods-'))
    const otherDir = first.out.of('stdout')[0]!
    const second = await run(
      probes(`
      const fs = await import('node:fs')
      await t('otherBundle', () => fs.readFileSync(${JSON.stringify(otherDir)} + '/pack.mjs', 'utf8'))
      await t('otherListing', () => fs.readdirSync(${JSON.stringify(otherDir)}).join(','))
      await t('parentListing', () => fs.readdirSync('..').join(','))
    `),
    )
    expect((await second.done).status).toBe('Succeeded')
    expect(second.json()).toEqual({
      otherBundle: 'denied: ERR_ACCESS_DENIED',
      otherListing: 'denied: ERR_ACCESS_DENIED',
      parentListing: 'denied: ERR_ACCESS_DENIED',
    })
    first.podRun.stop(5000)
    expect((await first.done).status).toBe('Stopped')
  })

  it('NODE_OPTIONS in the pod’s environment grants nothing (the process started before it got its env)', async () => {
    const { done, json } = await run(
      probes(`
      const fs = await import('node:fs')
      await t('nodeOptions', () => process.env.NODE_OPTIONS)
      await t('etcPasswd', () => fs.readFileSync('/etc/passwd', 'utf8').length)
    `),
      { env: { NODE_OPTIONS: '--allow-fs-read=* --allow-child-process' } },
    )
    expect((await done).status).toBe('Succeeded')
    expect(json()).toEqual({ nodeOptions: 'ok: --allow-fs-read=* --allow-child-process', etcPasswd: 'denied: ERR_ACCESS_DENIED' })
  })

  it('process.exit ends the pod, not the agent: the exit code is reported', async () => {
    const { done } = await run(`export default async function main() { process.exit(3) }`)
    expect(await done).toMatchObject({ status: 'Failed', reason: 'Exited', exitCode: 3 })
  })

  it('forged and malformed messages from the pack change nothing but its own report', async () => {
    const { done, out } = await run(`export default async function main() {
      process.send({ type: 'result', status: 'Pwned' })
      process.send({ type: 'usage', heapUsed: 'lots' })
      process.send('not an object')
      process.send({ type: 'run', file: '../../etc/passwd' })
      process.send({ type: 'crash', message: 'x'.repeat(100000) })
      console.log('still here')
    }`)
    // The runner's own result counts; what the pack sent could only ever speak of its own pod.
    expect(await done).toEqual({ status: 'Succeeded' })
    expect(out.of('stdout')).toContain('still here')
  })

  it('cuts output without newlines into bounded lines', async () => {
    const { done, out } = await run(`export default async function main() { process.stdout.write('y'.repeat(40000)) }`)
    expect((await done).status).toBe('Succeeded')
    expect(out.of('stdout').map((l) => l.length)).toEqual([16384, 16384, 40000 - 2 * 16384])
  })

  it('fails a pod that runs out of its heap with OOMKilled', async () => {
    const { done } = await run(
      `export default async function main() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())) }`,
      {
        memory: 16,
      },
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'OOMKilled', message: expect.stringMatching(/32 MB/) })
  })

  it('kills a pod whose memory outside the heap (buffers) passes its limit', async () => {
    const { done } = await run(
      `export default async function main() { const keep = []; for (;;) { const b = Buffer.alloc(16 * 1024 * 1024, 1); keep.push(b); await new Promise((r) => setTimeout(r, 20)) } }`,
      { memory: 32 },
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'OOMKilled' })
  })

  it('watches memory often near the limit whatever the watchdog round: a pack that grows past it is killed (OOMKilled)', async () => {
    // One "alive" an hour: only the memory checks of nextMemoryCheckMs can end this pod in time.
    const slow = createProcessExecutor({
      clock: realClock,
      log: silentLogger,
      warmPool: 0,
      watchdogIntervalMs: 3_600_000,
      agentSilenceMs: 60_000,
    })
    try {
      const out = output()
      // It grows past its 192 MB resident limit (32 MB heap), then holds what it has.
      const source = `export default async function main() {
        const keep = []
        for (let i = 0; i < 24; i++) { keep.push(Buffer.alloc(16 * 1024 * 1024, 1)); await new Promise((r) => setTimeout(r, 10)) }
        console.log('holding'); await new Promise(() => {})
      }`
      const podRun = slow.start(
        podAssignment({ podId: 'grows', resources: { cpu: 100, memory: 32 } }),
        'node-x',
        await bundle(source),
        out.io,
      )
      expect(await podRun.done).toMatchObject({ status: 'Failed', reason: 'OOMKilled' })
    } finally {
      slow.close()
    }
  }, 30_000)

  it('the channel to the agent carries data only: a pack that passes a handle is failed and the handle closed', async () => {
    const { done } = await run(
      `export default async function main() {
        await new Promise((resolve, reject) => process.send({ type: 'usage', heapUsed: 1 }, process.stdout, (e) => (e ? reject(e) : resolve())))
        await new Promise((r) => setTimeout(r, 60_000))
      }`,
    )
    expect(await done).toMatchObject({
      status: 'Failed',
      reason: 'HandlePassed',
      message: expect.stringMatching(/carries data only/),
    })
  })

  it('fails a pod that crashes on an uncaught exception, with its message', async () => {
    const { done } = await run(
      `export default async function main() { setTimeout(() => { throw new Error('thrown from a timer') }, 0); await new Promise(() => {}) }`,
    )
    expect(await done).toMatchObject({ status: 'Failed', reason: 'Crashed', message: 'thrown from a timer' })
  })

  it('a stop before the pack started ends the run Stopped without running it', async () => {
    const out = output()
    const path = await bundle(`export default async function main() { console.log('ran') }`)
    const podRun = executor.start(podAssignment({ podId: 'early-stop' }), 'node-x', path, out.io)
    podRun.stop(5000)
    expect((await podRun.done).status).toBe('Stopped')
    expect(out.of('stdout')).toEqual([])
  })

  it('measures usage from outside while the pod runs (memory as PSS, no more than its RSS), and stops once it ended', async () => {
    const { done, out, podRun } = await run(
      `export default async function main(ctx) { console.log('up ' + process.pid); await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`,
    )
    await out.seen((l) => l.startsWith('up '))
    const usage = podRun.usage?.()
    expect(usage).toEqual({ cpu: expect.any(Number), memory: expect.any(Number) })
    expect(usage!.memory).toBeGreaterThan(0)
    const pid = Number(out.of('stdout')[0]!.split(' ')[1])
    const rssMb = readProcStats(pid, readProcFacts())!.rssBytes / 1024 / 1024
    expect(usage!.memory).toBeLessThanOrEqual(Math.ceil(rssMb))
    podRun.stop(5000)
    expect((await done).status).toBe('Stopped')
    expect(podRun.usage?.()).toBeUndefined()
  })

  it.skipIf(process.getuid?.() !== 0)(
    'as root, runs pods as another OS user, which cannot signal the agent even past Node',
    async () => {
      const asNobody = createProcessExecutor({
        clock: realClock,
        log: silentLogger,
        user: { uid: 65534, gid: 65534 },
        warmPool: 0,
      })
      try {
        const out = output()
        const path = await bundle(
          `export default async function main() { console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid() })) }`,
        )
        const podRun = asNobody.start(podAssignment({ podId: 'nobody' }), 'node-x', path, out.io)
        expect((await podRun.done).status).toBe('Succeeded')
        expect(JSON.parse(out.of('stdout')[0]!)).toEqual({ uid: 65534, gid: 65534 })
      } finally {
        asNobody.close()
      }
    },
  )

  it.skipIf(process.getuid?.() !== 0)(
    'as root with a pod user, works when Stark itself lives in a private (0700) directory',
    async () => {
      // A checkout in root's home: the pod user can reach nothing inside it.
      const privateDir = join(dir, 'private-checkout')
      await mkdir(join(privateDir, 'src'), { recursive: true })
      for (const name of ['pod-process.mjs', 'pod-network.mjs'])
        await writeFile(join(privateDir, 'src', name), await readFile(new URL(`./${name}`, import.meta.url)))
      await chmod(privateDir, 0o700)
      const asNobody = createProcessExecutor({
        clock: realClock,
        log: silentLogger,
        user: { uid: 65534, gid: 65534 },
        warmPool: 0,
        entry: pathToFileURL(join(privateDir, 'src', 'pod-process.mjs')),
      })
      try {
        const out = output()
        const podRun = asNobody.start(
          podAssignment({ podId: 'private-checkout' }),
          'node-x',
          await bundle(`export default async function main() { console.log('uid ' + process.getuid()) }`),
          out.io,
        )
        expect(await podRun.done, out.of('stderr').join('\n')).toMatchObject({ status: 'Succeeded' })
        expect(out.of('stdout')).toEqual(['uid 65534'])
      } finally {
        asNobody.close()
      }
    },
  )

  it('network (see pod-network.test.ts for every path): no link-local address by any spelling, and the guard cannot be undone', async () => {
    const { done, json } = await run(
      probes(`
      const net = await import('node:net')
      const reach = (...a) => new Promise((resolve, reject) => { const s = net.connect(...a); s.on('connect', () => { resolve('connected'); s.destroy() }); s.on('error', reject) })
      await t('metadataIp', () => reach(80, '169.254.169.254'))
      await t('metadataFetch', () => fetch('http://169.254.169.254/latest/meta-data/').then((r) => r.status, (e) => { throw e.cause ?? e }))
      await t('mappedMetadata', () => reach({ port: 80, host: '::ffff:169.254.169.254' }))
      await t('restoreConnect', () => { net.Socket.prototype.connect = function () {}; return 'restored' })
      await t('redefineConnect', () => { Object.defineProperty(net.Socket.prototype, 'connect', { value() {} }); return 'redefined' })
    `),
    )
    expect((await done).status).toBe('Succeeded')
    expect(json()).toEqual({
      metadataIp: 'denied: ERR_ACCESS_DENIED',
      metadataFetch: 'denied: ERR_ACCESS_DENIED',
      mappedMetadata: 'denied: ERR_ACCESS_DENIED',
      restoreConnect: expect.stringMatching(/^denied: /),
      redefineConnect: expect.stringMatching(/^denied: /),
    })
  })

  it('keeps warm processes ready for the default pod size', () => {
    expect(executor.idleCounts().get(64)).toBe(2)
  })
})

describe('fenced to its agent', () => {
  it('a pod ends itself when the agent has said nothing for agentSilenceMs (a frozen agent)', async () => {
    // A watchdog round far in the future: this "agent" never says it is alive.
    const silent = createProcessExecutor({
      clock: realClock,
      log: silentLogger,
      warmPool: 0,
      watchdogIntervalMs: 3_600_000,
      agentSilenceMs: 1500,
    })
    const out = output()
    const source =
      'export default async function main(ctx) { console.log("up"); await new Promise((r) => ctx.signal.addEventListener("abort", r)) }'
    const podRun = silent.start(
      podAssignment({ podId: 'fenced', env: {}, resources: { cpu: 100, memory: 64 } }),
      'node-x',
      await bundle(source),
      out.io,
    )
    const exit = await podRun.done
    expect(exit.status).toBe('Failed')
    expect(out.of('stdout')).toContain('up')
    expect(out.of('stderr').join('\n')).toMatch(/node agent has not answered/)
    silent.close()
  }, 20_000)

  it('keeps running while the agent says it is alive', async () => {
    const talking = createProcessExecutor({
      clock: realClock,
      log: silentLogger,
      warmPool: 0,
      watchdogIntervalMs: 200,
      agentSilenceMs: 1000,
    })
    const out = output()
    const source =
      'export default async function main(ctx) { console.log("up"); await new Promise((r) => ctx.signal.addEventListener("abort", r)) }'
    const podRun = talking.start(
      podAssignment({ podId: 'kept', env: {}, resources: { cpu: 100, memory: 64 } }),
      'node-x',
      await bundle(source),
      out.io,
    )
    await out.seen((l) => l === 'up')
    await new Promise((r) => setTimeout(r, 2500))
    podRun.stop(2000)
    expect((await podRun.done).status).toBe('Stopped')
    talking.close()
  }, 20_000)
})
