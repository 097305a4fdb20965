/**
 * The pod network on real Node nodes (the built `stark`): a plain user's agent runs a hostile pack
 * that tries every way to this machine — net, http, https, tls, http2, fetch, a raw TCP handle,
 * UDP, a unix socket, a DNS server of its own, listening, a worker — against servers this test
 * runs; all fail inside the pod and no server sees a connection. The same pack on an admin's
 * `--pod-network open` node reaches them all (so the first result is real), and a plain user's
 * `open` agent is refused by the server for good.
 */
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkProbePack, ownAddresses, startProbeTargets, TCP_PROBES, type ProbeTargets } from '@stark/node-node/testing'
import { writePack } from './harness/packs'
import { start, until, type Proc } from './harness/processes'
import { stark, starkBin, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

describe('pod network on real Node nodes', () => {
  const admin = tempHome()
  const user = tempHome()
  let server: StarkServer
  let targets: ProbeTargets
  const agents: Proc[] = []
  const as =
    (home: string) =>
    (...args: string[]) =>
      stark(home, server.url, args)

  beforeAll(async () => {
    server = await startServer({ home: admin.path })
    expect(
      (await as(admin.path)('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-battery-1')).code,
    ).toBe(0)
    expect(
      (await as(admin.path)('auth', 'register', '--email', 'uma@example.com', '--password', 'uma-long-passphrase-1')).code,
    ).toBe(0)
    expect((await as(user.path)('auth', 'login', '--email', 'uma@example.com', '--password', 'uma-long-passphrase-1')).code).toBe(
      0,
    )
    targets = await startProbeTargets(mkdtempSync(join(admin.path, 'targets-')))
    for (const [home, pack] of [
      [admin.path, 'prober-ada'],
      [user.path, 'prober-uma'],
    ] as const) {
      const out = join(home, `${pack}.bundle.js`)
      expect((await as(home)('pack', 'bundle', writePack(home, pack, networkProbePack(targets)), '--out', out)).code).toBe(0)
      const registered = await as(home)('pack', 'register', out, '--name', pack, '--version', '1.0.0')
      expect(registered.code, registered.stderr).toBe(0)
    }
  })
  afterAll(async () => {
    for (const a of agents) await a.stop()
    await targets?.close()
    await server?.stop()
    admin.remove()
    user.remove()
  })

  async function probesOf(home: string, pack: string, pod: string, nodeName: string) {
    const run = as(home)
    const created = await run('pod', 'create', pack, '--name', pod, '--selector', `probe=${nodeName}`)
    expect(created.code, created.stderr).toBe(0)
    const finished = await until(
      async () => {
        const p = (await run('pod', 'status', pod, '-o', 'json')).json()
        return ['Succeeded', 'Failed'].includes(p.status) ? p : undefined
      },
      { what: `${pod} to finish` },
    )
    expect(finished).toMatchObject({ status: 'Succeeded', nodeName })
    const logs = (await run('pod', 'logs', pod)).stdout
    return JSON.parse(/^PROBES (.*)$/m.exec(logs)![1]!) as Record<string, string>
  }

  it('a plain user’s open agent is refused by the server, with the reason; the agent stops', async () => {
    const refused = start(process.execPath, [starkBin, 'node', 'agent', 'start', '--name', 'uma-open', '--pod-network', 'open'], {
      env: { STARK_HOME: user.path, STARK_API_URL: server.url, NO_COLOR: '1' },
      name: 'agent uma-open',
    })
    agents.push(refused)
    await refused.waitFor(/POD NETWORK OPEN/, 30_000)
    await refused.waitFor(/only an admin may run a node with --pod-network open/, 30_000)
    expect((await as(admin.path)('node', 'status', 'uma-open', '-o', 'json')).code).not.toBe(0)
  })

  it('on a plain user’s default node every way to this machine fails in the pod, and no target sees anything', async () => {
    agents.push(await startAgent(user.path, server.url, 'uma-box', ['--label', 'probe=uma-box']))
    expect((await as(admin.path)('node', 'status', 'uma-box', '-o', 'json')).json()).toMatchObject({ podNetwork: 'default' })
    const before = targets.seen()
    const r = await probesOf(user.path, 'prober-uma', 'probe-default', 'uma-box')
    expect(Object.keys(r).length).toBe(TCP_PROBES.length + ownAddresses().length + 7)
    for (const [name, outcome] of Object.entries(r)) expect(outcome, name).toBe('denied')
    expect(targets.seen()).toEqual(before)
  })

  it('the same pack on an admin’s open node reaches every target (the refusals above are real)', async () => {
    const open = await startAgent(admin.path, server.url, 'ada-open', ['--pod-network', 'open', '--label', 'probe=ada-open'])
    agents.push(open)
    expect(open.output).toMatch(/POD NETWORK OPEN/)
    const before = targets.seen()
    const r = await probesOf(admin.path, 'prober-ada', 'probe-open', 'ada-open')
    for (const name of [...TCP_PROBES, 'unixSocket', 'udp', 'listen'])
      expect(r[name], `${name}: ${r[name]}`).not.toMatch(/^(denied|error TIMEOUT)$/)
    expect(r.worker).toBe('denied')
    const after = targets.seen()
    expect(after.tcp - before.tcp).toBeGreaterThanOrEqual(TCP_PROBES.length)
    expect(after.unix).toBeGreaterThan(before.unix)
    expect(after.udp).toBeGreaterThan(before.udp)
  })
})
