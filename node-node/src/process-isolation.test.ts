import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { probes, processPods } from './testing/process-pods'
import { RUNNER_FILES } from './pod-process-pool'

const pods = processPods('stark-pisolate-')
const { run } = pods

describe('process executor: the pod is a separate process under the permission model', () => {
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
      await t('tokenFile', () => fs.readFileSync(${JSON.stringify(pods.tokenFile)}, 'utf8'))
      await t('homeListing', () => fs.readdirSync(${JSON.stringify(pods.home)}).join(','))
      await t('agentEnviron', () => fs.readFileSync('/proc/' + process.ppid + '/environ', 'utf8'))
      await t('agentCmdline', () => fs.readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8'))
      await t('etcPasswd', () => fs.readFileSync('/etc/passwd', 'utf8'))
      await t('envSecret', () => process.env.STARK_TEST_AGENT_SECRET ?? (() => { throw Object.assign(new Error(), { code: 'ABSENT' }) })())
      await t('ownBundle', () => fs.readFileSync('pack.mjs', 'utf8').length)
      await t('writeOwnDir', () => fs.writeFileSync('x.txt', 'x'))
      await t('writeTmp', () => fs.writeFileSync('/tmp/stark-pod-was-here', 'x'))
      await t('symlink', () => fs.symlinkSync(${JSON.stringify(pods.tokenFile)}, 'token-link'))
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
      await t('reniceSelfUp', () => os.setPriority(0, 0))
      await t('reniceSelfDown', () => (os.setPriority(0, 15), os.getPriority(0)))
      // Its session's priority (Linux autogroup) is a file: the permission model writes no file.
      await t('reniceSession', async () => (await import('node:fs')).writeFileSync('/proc/self/autogroup', '0'))
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
      // The agent runs pods below itself (nice 10 by default): lower still, never back above.
      reniceSelfUp: 'denied: ERR_ACCESS_DENIED',
      reniceSelfDown: 'ok: 15',
      reniceSession: 'denied: ERR_ACCESS_DENIED',
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

  it.skipIf(process.getuid?.() !== 0)(
    'as root, runs pods as another OS user, which cannot signal the agent even past Node',
    async () => {
      const nobody = { uid: 65534, gid: 65534 }
      const { done, json } = await run(
        `export default async function main() { console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid() })) }`,
        { executor: { user: nobody } },
      )
      expect((await done).status).toBe('Succeeded')
      expect(json()).toEqual(nobody)
    },
  )

  it.skipIf(process.getuid?.() !== 0)(
    'as root with a pod user, works when Stark itself lives in a private (0700) directory',
    async () => {
      // A checkout in root's home: the pod user can reach nothing inside it.
      const privateDir = join(pods.dir, 'private-checkout')
      await mkdir(join(privateDir, 'src'), { recursive: true })
      for (const name of RUNNER_FILES)
        await writeFile(join(privateDir, 'src', name), await readFile(new URL(`./${name}`, import.meta.url)))
      await chmod(privateDir, 0o700)
      const entry = pathToFileURL(join(privateDir, 'src', 'pod-process.mjs'))
      const { done, out } = await run(`export default async function main() { console.log('uid ' + process.getuid()) }`, {
        executor: { user: { uid: 65534, gid: 65534 }, entry },
      })
      expect(await done, out.of('stderr').join('\n')).toMatchObject({ status: 'Succeeded' })
      expect(out.of('stdout')).toEqual(['uid 65534'])
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
})
