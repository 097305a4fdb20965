/**
 * A hostile pack on a real Node node (the built `stark` binary, default isolation): it tries to
 * read the agent's token file, the CLI credentials next to it and the agent's environment, to
 * list other pods, and to kill or exit the agent's process. Every attempt fails; the agent, its
 * node and a normal pod on it keep running.
 */
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
    const leaked = Object.keys(process.env).filter((k) => k !== 'AGENT_HOME' && k !== 'API')
    if (leaked.length === 0) throw Object.assign(new Error(), { code: 'EMPTY' })
    return leaked.join(',')
  })
  await t('listPods', async () => {
    const res = await fetch(ctx.env.API + '/api/pods')
    if (res.status === 401) throw Object.assign(new Error(), { code: 'HTTP401' })
    return res.status + ' ' + (await res.text())
  })
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
      expect((await run('pack', 'bundle', writePack(home.path, name, source), '-o', out)).code).toBe(0)
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

    const created = await run('pod', 'create', 'hostile', '--name', 'hostile', '--env', `AGENT_HOME=${home.path}`, '--env', `API=${server.url}`)
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
      listPods: 'denied HTTP401',
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
