/**
 * kill -9 of the server in the middle of a burst of pod creation, then start it again on the same
 * data directory: every pod the API acknowledged (201) is there, the agent comes back as the same
 * node, and a pod that was Running is not restarted because of the server's restart.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from '../harness/packs'
import { until, type Proc } from '../harness/processes'
import { restartableServer, stark, startAgent, tempHome, type StarkServer } from '../harness/stark'

describe('kill -9 of the server during a burst', () => {
  const home = tempHome()
  let servers: Awaited<ReturnType<typeof restartableServer>>
  let server: StarkServer
  let agent: Proc
  let url: string
  let token: string
  const cli = (...args: string[]) => stark(home.path, url, args)

  beforeAll(async () => {
    servers = await restartableServer(home.path)
    server = await servers.start()
    url = server.url
  })
  afterAll(async () => {
    await agent?.stop()
    await server?.stop()
    home.remove()
  })

  it('loses no acknowledged pod and restarts no running one', async () => {
    expect((await cli('auth', 'setup', '--email', 'ops@example.com', '--password', 'kill-nine-pass')).code).toBe(0)
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops@example.com', password: 'kill-nine-pass' }),
    })
    token = ((await login.json()) as { accessToken: string }).accessToken
    agent = await startAgent(home.path, url, 'n1')
    const entry = writePack(home.path, 'long', LONG_RUNNING)
    expect((await cli('pack', 'bundle', entry, '--out', join(home.path, 'long.bundle.js'))).code).toBe(0)
    expect((await cli('pack', 'register', join(home.path, 'long.bundle.js'), '--name', 'long', '--version', '1.0.0')).code).toBe(
      0,
    )
    expect((await cli('pod', 'create', 'long', '--name', 'survivor')).code).toBe(0)
    const before = await until(async () => {
      const p = (await cli('pod', 'status', 'survivor', '-o', 'json')).json()
      return p.status === 'Running' ? p : undefined
    })

    // A burst of creations; the server dies in the middle of it.
    const acknowledged: string[] = []
    let attempted = 0
    const burst = (async () => {
      for (let i = 0; i < 400; i++) {
        const name = `burst-${i}`
        attempted++
        try {
          const res = await fetch(`${url}/api/pods`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ pack: 'long', name, resources: { cpu: 0, memory: 0 } }),
          })
          if (res.status === 201) acknowledged.push(name)
        } catch {
          break // the server is gone
        }
      }
    })()
    await until(() => acknowledged.length >= 20, { what: 'the burst to get going' })
    server.proc.signal('SIGKILL')
    await burst
    await server.proc.exited
    expect(acknowledged.length).toBeGreaterThanOrEqual(20)
    expect(attempted).toBeLessThan(400)

    server = await servers.start()
    const names = new Set((await cli('pod', 'list', '-o', 'json')).json<any[]>().map((p) => p.name))
    const lost = acknowledged.filter((n) => !names.has(n))
    expect(lost).toEqual([])

    await until(async () => (await cli('node', 'status', 'n1', '-o', 'json')).json().status === 'Ready', {
      what: 'the agent to come back',
      timeoutMs: 60_000,
    })
    const after = (await cli('pod', 'status', 'survivor', '-o', 'json')).json()
    expect(after).toMatchObject({ status: 'Running', incarnation: before.incarnation, nodeId: before.nodeId })
    expect((await cli('pod', 'history', 'survivor', '-o', 'json')).json<any[]>().map((h) => h.status)).toEqual([
      'Pending',
      'Scheduled',
      'Running',
    ])
  })
})
