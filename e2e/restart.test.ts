/**
 * Stop and start the server on the same data directory: users, packs and pods are still there,
 * the agent reconnects as the same node, and a running pod is not restarted. A second server on
 * the same directory is refused.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from './harness/packs'
import { run, until, type Proc } from './harness/processes'
import { restartableServer, stark, starkBin, startAgent, tempHome, type StarkServer } from './harness/stark'

describe('server restart on the same data directory', () => {
  const home = tempHome()
  let servers: Awaited<ReturnType<typeof restartableServer>>
  let dataDir: string
  let server: StarkServer
  let agent: Proc
  let url: string
  const cli = (...args: string[]) => stark(home.path, url, args)

  beforeAll(async () => {
    servers = await restartableServer(home.path)
    dataDir = servers.dataDir
    server = await servers.start()
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
    const entry = writePack(home.path, 'long', LONG_RUNNING)
    expect((await cli('pack', 'bundle', entry, '--out', join(home.path, 'long.bundle.js'))).code).toBe(0)
    expect(
      (
        await cli(
          'pack',
          'register',
          join(home.path, 'long.bundle.js'),
          '--name',
          'long',
          '--version',
          '1.0.0',
          '--runtime',
          'node',
        )
      ).code,
    ).toBe(0)
    expect((await cli('pod', 'create', 'long', '--name', 'keeper')).code).toBe(0)
    const before = await until(async () => {
      const pod = (await cli('pod', 'status', 'keeper', '-o', 'json')).json()
      return pod.status === 'Running' ? pod : undefined
    })
    const nodeBefore = (await cli('node', 'status', 'n1', '-o', 'json')).json()

    const ticksBefore = ((await cli('pod', 'logs', 'keeper')).stdout.match(/^tick \d+$/gm) ?? []).length
    await server.stop()
    await new Promise((r) => setTimeout(r, 1500))

    server = await servers.start()
    expect(server.url).toBe(url)
    expect((await cli('auth', 'whoami', '-o', 'json')).json()).toMatchObject({ email: 'ops@example.com' })
    expect((await cli('pack', 'list', '-o', 'json')).json<any[]>().map((p) => `${p.name}@${p.version}`)).toContain('long@1.0.0')
    const nodes = await until(
      async () => {
        const list = (await cli('node', 'list', '-o', 'json')).json<any[]>()
        return list.length === 1 && list[0].status === 'Ready' ? list : undefined
      },
      { what: 'the agent to reconnect', timeoutMs: 60_000 },
    )
    expect(nodes[0].id).toBe(nodeBefore.id)
    const after = (await cli('pod', 'status', 'keeper', '-o', 'json')).json()
    expect(after).toMatchObject({ status: 'Running', incarnation: before.incarnation, nodeId: nodeBefore.id, restarts: 0 })
    const history = (await cli('pod', 'history', 'keeper', '-o', 'json')).json<any[]>().map((h) => h.status)
    expect(history).toEqual(['Pending', 'Scheduled', 'Running'])
    // It ran on through the outage: the ticks it printed meanwhile arrive after the agent reconnects.
    const logs = await until(
      async () => {
        const out = (await cli('pod', 'logs', 'keeper')).stdout
        return (out.match(/^tick \d+$/gm) ?? []).length > ticksBefore + 10 ? out : undefined
      },
      { what: 'the ticks printed during the outage' },
    )
    expect(logs.match(/started incarnation/g)).toHaveLength(1)
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
