/**
 * The pod ↔ agent channel and the agent's own resources, on real Node nodes (the built `stark`):
 * a pack that passes a handle (its stdout pipe) to the agent is failed and the agent stays Ready
 * with its other pod running; an agent left with too few file descriptors (its `ulimit -n` cut
 * with prlimit) cannot start a pod, says ResourcePressure, and the scheduler sends it no further pods.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LONG_RUNNING, writePack } from './harness/packs'
import { until, type Proc } from './harness/processes'
import { stark, startAgent, startServer, tempHome, type StarkServer } from './harness/stark'

const PASSES_A_HANDLE = `
export default async function main() {
  console.log('passing my stdout to the agent')
  await new Promise((resolve, reject) => process.send({ type: 'usage', heapUsed: 1 }, process.stdout, (e) => (e ? reject(e) : resolve())))
  await new Promise((r) => setTimeout(r, 60_000))
}
`
const QUICK = `export default async function main() { console.log('ran') }`

describe('the pod channel and the agent’s resources on real Node nodes', () => {
  const home = tempHome()
  let server: StarkServer
  const agents: Proc[] = []
  const run = (...args: string[]) => stark(home.path, server.url, args)
  const pod = async (name: string) => (await run('pod', 'status', name, '-o', 'json')).json()

  beforeAll(async () => {
    server = await startServer({ home: home.path })
    expect((await run('auth', 'setup', '--email', 'ada@example.com', '--password', 'correct-horse-battery-1')).code).toBe(0)
    for (const [name, source] of [
      ['steady', LONG_RUNNING],
      ['passer', PASSES_A_HANDLE],
      ['quick', QUICK],
    ] as const) {
      const out = join(home.path, `${name}.bundle.js`)
      expect((await run('pack', 'bundle', writePack(home.path, name, source), '--out', out)).code).toBe(0)
      expect((await run('pack', 'register', out, '--name', name, '--version', '1.0.0')).code).toBe(0)
    }
  })
  afterAll(async () => {
    for (const a of agents) await a.stop()
    await server?.stop()
    home.remove()
  })

  it('a pack that passes a handle is failed with the reason; the agent stays Ready and its other pod runs on', async () => {
    const agent = await startAgent(home.path, server.url, 'n1', ['--label', 'box=n1'])
    agents.push(agent)
    expect((await run('pod', 'create', 'steady', '--name', 'steady', '--selector', 'box=n1')).code).toBe(0)
    await until(async () => (await pod('steady')).status === 'Running', { what: 'the steady pod to run' })
    expect((await run('pod', 'create', 'passer', '--name', 'passer', '--selector', 'box=n1')).code).toBe(0)
    const failed = await until(
      async () => {
        const p = await pod('passer')
        return ['Succeeded', 'Failed'].includes(p.status) ? p : undefined
      },
      { what: 'the passer to end' },
    )
    expect(failed).toMatchObject({
      status: 'Failed',
      reason: 'HandlePassed',
      message: expect.stringMatching(/carries data only/),
    })
    expect(agent.child.exitCode).toBeNull()
    expect((await run('node', 'status', 'n1', '-o', 'json')).json()).toMatchObject({ status: 'Ready', conditions: [] })
    expect((await pod('steady')).status).toBe('Running')
  })

  it.skipIf(!existsSync('/usr/bin/prlimit'))(
    'an agent out of file descriptors reports ResourcePressure and gets no further pods',
    async () => {
      // Cold starts (no warm pool). Once it has registered, its descriptor limit (ulimit -n) is cut
      // to what it holds plus three: too few for a pod process (three pipes, six descriptors).
      const tight = await startAgent(home.path, server.url, 'tight', ['--warm-pool', '0', '--label', 'box=tight'])
      agents.push(tight)
      const limit = readdirSync(`/proc/${tight.child.pid}/fd`).length + 3
      execFileSync('/usr/bin/prlimit', ['--pid', String(tight.child.pid), `--nofile=${limit}:${limit}`])

      expect(
        (await run('pod', 'create', 'quick', '--name', 'starved', '--selector', 'box=tight', '--restart', 'Never')).code,
      ).toBe(0)
      const node = await until(
        async () => {
          const n = (await run('node', 'status', 'tight', '-o', 'json')).json()
          return n.conditions?.length ? n : undefined
        },
        { what: `the tight agent (ulimit -n ${limit}) to report a condition` },
      )
      expect(node.conditions[0]).toMatchObject({ type: 'ResourcePressure', reason: expect.stringMatching(/^(EMFILE|ENFILE)$/) })
      expect((await run('node', 'status', 'tight')).stdout).toMatch(/ResourcePressure/)
      expect(await pod('starved')).toMatchObject({ status: 'Failed', reason: 'StartError' })

      // No further pods are bound there: the next one waits, and the diagnosis says why.
      expect((await run('pod', 'create', 'quick', '--name', 'waits', '--selector', 'box=tight')).code).toBe(0)
      const waiting = await until(
        async () => {
          const p = await pod('waits')
          return p.message?.includes('ResourcePressure') ? p : undefined
        },
        { what: 'the diagnosis of the waiting pod' },
      )
      expect(waiting).toMatchObject({ status: 'Pending', nodeName: null })
    },
  )
})
