/**
 * Stop and start the server on the same data directory: users, packs and pods are still there,
 * the agent reconnects as the same node, and a running pod is not restarted. A second server on
 * the same directory is refused.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { longRunning, writePack } from './harness/packs'
import { freePort } from './harness/ports'
import { run, until, type Proc } from './harness/processes'
import { stark, starkBin, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

describe('server restart on the same data directory', () => {
  const home = tempHome()
  const dataDir = join(home.path, 'data')
  const beat = join(home.path, 'beat')
  let port: number
  let server: StarkServer
  let agent: Proc
  let url: string
  const cli = (...args: string[]) => stark(home.path, url, args)

  beforeAll(async () => {
    port = await freePort()
    server = await startServer({ home: home.path, dataDir, args: ['--port', String(port)] })
    url = server.url
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    home.remove()
  })

  it('keeps users, packs, pods and the node identity; the running pod is not restarted', async () => {
    expect((await cli('auth', 'setup', '--email', 'ops@example.com', '--password', 'restart-password')).code).toBe(0)
    agent = await startAgent(home.path, url, 'n1')
    const entry = writePack(home.path, 'long', longRunning(beat))
    expect((await cli('pack', 'bundle', entry, '-o', join(home.path, 'long.bundle.js'))).code).toBe(0)
    expect((await cli('pack', 'register', join(home.path, 'long.bundle.js'), '--name', 'long', '--version', '1', '--runtime', 'node')).code).toBe(0)
    expect((await cli('pod', 'create', 'long', '--name', 'keeper')).code).toBe(0)
    const before = await until(async () => {
      const pod = (await cli('pod', 'status', 'keeper', '-o', 'json')).json()
      return pod.status === 'Running' ? pod : undefined
    })
    const nodeBefore = (await cli('node', 'status', 'n1', '-o', 'json')).json()

    await server.stop()
    // The pod keeps running through the outage.
    await until(() => existsSync(beat))
    const during = readFileSync(beat, 'utf8')
    await until(() => readFileSync(beat, 'utf8') !== during, { what: 'the pack to run on while the server is down' })

    server = await startServer({ home: home.path, dataDir, args: ['--port', String(port)] })
    expect(server.url).toBe(url)
    expect((await cli('auth', 'whoami', '-o', 'json')).json()).toMatchObject({ email: 'ops@example.com' })
    expect((await cli('pack', 'list', '-o', 'json')).json<any[]>().map((p) => `${p.name}@${p.version}`)).toContain('long@1')
    const nodes = await until(async () => {
      const list = (await cli('node', 'list', '-o', 'json')).json<any[]>()
      return list.length === 1 && list[0].status === 'Ready' ? list : undefined
    }, { what: 'the agent to reconnect', timeoutMs: 60_000 })
    expect(nodes[0].id).toBe(nodeBefore.id)
    const after = (await cli('pod', 'status', 'keeper', '-o', 'json')).json()
    expect(after).toMatchObject({ status: 'Running', incarnation: before.incarnation, nodeId: nodeBefore.id, restarts: 0 })
    const history = (await cli('pod', 'history', 'keeper', '-o', 'json')).json<any[]>().map((h) => h.status)
    expect(history).toEqual(['Pending', 'Scheduled', 'Running'])
    expect((await cli('pod', 'logs', 'keeper')).stdout.match(/started incarnation/g)).toHaveLength(1)
  })

  it('refuses a second server on the same data directory, naming it', async () => {
    const second = await run(process.execPath, [starkBin, 'server', 'start', '--port', '0', '--data-dir', dataDir], {
      env: { STARK_HOME: home.path, NO_COLOR: '1' },
      timeoutMs: 60_000,
    })
    expect(second.code).not.toBe(0)
    expect(second.stderr).toContain(dataDir)
    expect(second.stderr.trim().split('\n')).toHaveLength(1)
    expect((await cli('pod', 'status', 'keeper', '-o', 'json')).json().status).toBe('Running')
  })
})
