/**
 * Stark as a user runs it for the side-by-side: the built `stark` binary starts a server (embedded
 * PGlite store) and one agent with the given isolation; workloads go through the REST API.
 */
import { join } from 'node:path'
import { isTerminal, type PodStatus } from '@stark/shared'
import { startAgent, startServer, stark, tempHome } from '../e2e/harness/stark'
import type { Proc } from '../e2e/harness/processes'
import { starkPack } from './beacon'
import { BENCH_ADMIN, setupAdmin } from './lib'

/** Small enough that 100 pods fit a 2-core node; the default heap (64 MB) so pods start warm. */
export const BENCH_RESOURCES = { cpu: 10, memory: 64 }

export interface StarkStack {
  serverPid(): number
  /** What the server printed so far (its log lines). */
  serverOutput(): string
  agentPid(): number
  api(method: string, path: string, body?: unknown): Promise<Response>
  /** Waits until no pod holds a node's capacity (deleted pods stay listed a while, ended). */
  drained(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export async function startStark(isolation: 'process' | 'worker', beaconPort: number): Promise<StarkStack> {
  const home = tempHome('stark-bench-pm2-')
  const server = await startServer({ home: home.path, dataDir: join(home.path, 'data') })
  let agent: Proc | undefined
  try {
    const token = (await setupAdmin(server.url)).accessToken
    const login = ['auth', 'login', '--email', BENCH_ADMIN.email, '--password', BENCH_ADMIN.password]
    const r = await stark(home.path, server.url, login)
    if (r.code !== 0) throw new Error(`login failed: ${r.stderr}`)
    agent = await startAgent(home.path, server.url, `bench-${isolation}`, ['--isolation', isolation, '--pod-network', 'open'])
    const api = (method: string, path: string, body?: unknown) =>
      fetch(server.url + path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    for (const [name, crash] of [
      ['beacon', false],
      ['beacon-crash', true],
    ] as const) {
      const res = await api('POST', '/api/packs', {
        name,
        version: '1.0.0',
        runtime: 'node',
        bundle: starkPack(beaconPort, crash),
      })
      if (res.status !== 201) throw new Error(`pack ${name}: ${res.status} ${await res.text()}`)
    }
    const running = agent
    return {
      serverPid: () => server.proc.child.pid!,
      serverOutput: () => server.proc.output,
      agentPid: () => running.child.pid!,
      api,
      async drained(timeoutMs = 120_000) {
        const until = performance.now() + timeoutMs
        while (performance.now() < until) {
          // A kept-alive connection the server closed meanwhile fails once (ECONNRESET): ask again.
          const page = await api('GET', '/api/pods?limit=1000').then(
            async (res) => (await res.json()) as { items: { status: PodStatus }[] },
            () => undefined,
          )
          if (page?.items.every((p) => isTerminal(p.status))) return
          await new Promise((r) => setTimeout(r, 100))
        }
        throw new Error('pods still there after deleting them')
      },
      async close() {
        await running.stop()
        await server.stop()
        home.remove()
      },
    }
  } catch (error) {
    await agent?.stop()
    await server.stop()
    home.remove()
    throw error
  }
}
