/**
 * A hostile pack on a real Node node (the built `stark` binary, default isolation): it tries to
 * read the agent's token file, the CLI credentials next to it, the server's data directory and
 * secret key, and the agent's environment, to reach the server over loopback, to
 * list other pods, and to kill or exit the agent's process. Every attempt fails; the agent, its
 * node and a normal pod on it keep running.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

/** Written the way an attacker would: no help from Stark, plain Node APIs, then an attempt to take the agent down. */
const HOSTILE = `
export default async function main(ctx) {
  const fs = await import('node:fs')
  const os = await import('node:os')
  const home = ctx.env.AGENT_HOME
  const r = {}
  const t = async (name, fn) => {
    try { r[name] = 'GOT ' + String(await fn()).slice(0, 300) } catch (e) { r[name] = 'denied ' + (e.code || e.message) }
  }
  await t('nodeTokenFile', () => fs.readFileSync(home + '/nodes/n1.json', 'utf8'))
  await t('cliCredentials', () => fs.readFileSync(home + '/credentials.json', 'utf8'))
  await t('homeListing', () => fs.readdirSync(home).join(','))
  await t('otherBundles', () => fs.readdirSync(home + '/bundles').join(','))
  await t('homeDir', () => fs.readdirSync(os.homedir()).join(','))
  await t('agentEnviron', () => fs.readFileSync('/proc/' + process.ppid + '/environ', 'utf8'))
  await t('agentMemory', () => fs.readFileSync('/proc/' + process.ppid + '/maps', 'utf8'))
  await t('envTokens', () => {
    const leaked = Object.keys(process.env).filter((k) => !['AGENT_HOME', 'API', 'SERVER_FILES'].includes(k))
    if (leaked.length === 0) throw Object.assign(new Error(), { code: 'EMPTY' })
    return leaked.join(',')
  })
  await t('listPods', async () => {
    const res = await fetch(ctx.env.API + '/api/pods').catch((e) => { throw e.cause ?? e })
    return res.status + ' ' + (await res.text())
  })
  await t('serverFiles', () => {
    const got = []
    for (const f of JSON.parse(ctx.env.SERVER_FILES)) { try { got.push(f + ': ' + fs.readFileSync(f, 'latin1').slice(0, 40)) } catch (e) { if (e.code !== 'ERR_ACCESS_DENIED') got.push(f + ': ' + e.code) } }
    if (got.length === 0) throw Object.assign(new Error(), { code: 'ERR_ACCESS_DENIED' })
    return got.join(', ')
  })
  await t('dataDir', () => fs.readdirSync(home + '/data').join(','))
  await t('spawnShell', async () => (await import('node:child_process')).execSync('cat ' + home + '/nodes/n1.json').toString())
  await t('cloudCredentials', () => fetch('http://169.254.169.254/latest/meta-data/iam/security-credentials/').then((r) => r.status, (e) => { throw e.cause ?? e }))
  await t('dockerSocket', async () => { const http = await import('node:http'); return new Promise((res, rej) => http.get({ socketPath: '/var/run/docker.sock', path: '/containers/json' }, (r) => res(r.statusCode)).on('error', rej)) })
  console.log('PROBES ' + JSON.stringify(r))
  for (const [what, fn] of [
    ['kill agent', () => process.kill(process.ppid, 'SIGKILL')],
    ['kill group', () => process.kill(0, 'SIGKILL')],
    ['inspect agent', () => process._debugProcess(process.ppid)],
  ]) {
    try { fn(); console.log(what + ': DONE') } catch (e) { console.log(what + ': ' + (e.code || e.message)) }
  }
  process.exit(0)
}
`

/** Regular files under `dir`, depth first. */
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  )

describe('pack isolation on a real Node node', () => {
  const home = tempHome()
  let server: StarkServer
  let agent: Proc
  const run = (...args: string[]) => stark(home.path, server.url, args)

  beforeAll(async () => {
    server = await startServer({ home: home.path })
    expect((await run('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-1')).code).toBe(0)
    // The agent shares $STARK_HOME with the admin's CLI login: the worst case, credentials next door.
    agent = await startAgent(home.path, server.url, 'n1')
    for (const [name, source] of [
      ['steady', LONG_RUNNING],
      ['hostile', HOSTILE],
    ] as const) {
      const out = join(home.path, `${name}.bundle.js`)
      expect((await run('pack', 'bundle', writePack(home.path, name, source), '--out', out)).code).toBe(0)
      expect((await run('pack', 'register', out, '--name', name, '--version', '1.0.0')).code).toBe(0)
    }
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    home.remove()
  })

  it('a hostile pack gets nothing and cannot take the agent down, while a normal pod keeps running', async () => {
    expect((await run('pod', 'create', 'steady', '--name', 'steady')).code).toBe(0)
    const ticks = async () => ((await run('pod', 'logs', 'steady')).stdout.match(/^tick \d+$/gm) ?? []).length
    await until(ticks, { what: 'the steady pod to tick' })

    // The server's own files, as they are on disk now: its data directory (the database with the
    // token signing secret), the key secrets are encrypted with, the CLI's saved session.
    const serverFiles = [
      ...walk(join(home.path, 'data')).slice(0, 20),
      ...['secret.key', 'credentials.json'].map((f) => join(home.path, f)).filter((f) => existsSync(f)),
    ]
    expect(serverFiles.length).toBeGreaterThan(3)
    const created = await run(
      'pod',
      'create',
      'hostile',
      '--name',
      'hostile',
      '--env',
      `AGENT_HOME=${home.path}`,
      '--env',
      `API=${server.url}`,
      '--env',
      `SERVER_FILES=${JSON.stringify(serverFiles)}`,
    )
    expect(created.code, created.stderr).toBe(0)
    const finished = await until(async () => {
      const pod = (await run('pod', 'status', 'hostile', '-o', 'json')).json()
      return ['Succeeded', 'Failed'].includes(pod.status) ? pod : undefined
    })
    expect(finished).toMatchObject({ status: 'Succeeded', nodeName: 'n1' })

    const logs = (await run('pod', 'logs', 'hostile')).stdout
    const probes = JSON.parse(/^PROBES (.*)$/m.exec(logs)![1]!)
    expect(probes).toEqual({
      nodeTokenFile: 'denied ERR_ACCESS_DENIED',
      cliCredentials: 'denied ERR_ACCESS_DENIED',
      homeListing: 'denied ERR_ACCESS_DENIED',
      otherBundles: 'denied ERR_ACCESS_DENIED',
      homeDir: 'denied ERR_ACCESS_DENIED',
      agentEnviron: 'denied ERR_ACCESS_DENIED',
      agentMemory: 'denied ERR_ACCESS_DENIED',
      envTokens: 'denied EMPTY',
      // The server is on this machine's loopback: the default pod network does not reach it.
      listPods: 'denied ERR_ACCESS_DENIED',
      serverFiles: 'denied ERR_ACCESS_DENIED',
      dataDir: 'denied ERR_ACCESS_DENIED',
      spawnShell: 'denied ERR_ACCESS_DENIED',
      cloudCredentials: 'denied ERR_ACCESS_DENIED',
      dockerSocket: 'denied ERR_ACCESS_DENIED',
    })
    expect(logs).toMatch(/^kill agent: EPERM$/m)
    expect(logs).toMatch(/^kill group: EPERM$/m)
    expect(logs).toMatch(/^inspect agent: ERR_ACCESS_DENIED$/m)
    expect(logs).not.toMatch(/DONE/)

    // The agent is alive, its node Ready, and the steady pod still runs and still prints.
    expect(agent.child.exitCode).toBeNull()
    expect(agent.output).not.toMatch(/Debugger listening/)
    const node = (await run('node', 'status', 'n1', '-o', 'json')).json()
    expect(node.status).toBe('Ready')
    const before = await ticks()
    await until(async () => (await ticks()) > before + 3, { what: 'the steady pod to keep ticking' })
    expect((await run('pod', 'status', 'steady', '-o', 'json')).json().status).toBe('Running')
  })
})
