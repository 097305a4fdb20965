/**
 * The one suite every agent runtime passes (node-node now, the browser node later): the pack
 * contract (ctx, console, return/throw, stop, grace period), bundle verification, identity storage,
 * and the shared agent core running on the runtime against a protocol peer.
 *
 * A runtime package calls `runAgentConformance` from one of its test files with a harness that
 * builds the real thing: real threads or workers, a real WebSocket to a peer speaking through a
 * FakeServer, real HTTP for bundles. Time is real here; nothing asserts on speed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AgentRuntime, PodExit, PodIO } from '../agent/runtime'
import { createAgent } from '../agent/agent'
import type { FakeServer } from './fake-server'
import { podAssignment, TEST_ALLOCATABLE } from './fixtures'
import { conformancePacks } from './conformance-packs'

export interface ConformanceHarness {
  /** A fresh runtime with its own empty storage. */
  createRuntime(options: { name: string }): AgentRuntime | Promise<AgentRuntime>
  /** Serves ES module source text as a bundle, also at `<serverUrl>/api/bundles/<sha256>`. */
  serveBundle(source: string): Promise<{ sha256: string; url: string }>
  /** Base URL (http…) of a server whose `/ws` is a protocol peer speaking through `server`. */
  serverUrl: string
  server: FakeServer
  /** A token the peer and the bundle server accept. */
  token: string
  close(): Promise<void>
}

export const conformanceCases = {
  returns: 'a pack that returns ends Succeeded',
  throws: 'a pack that throws ends Failed with its message',
  console: 'console output becomes stdout/stderr lines, one per line',
  context: 'ctx carries pod, pack, env, args, runtime, signal and log',
  stop: 'stop() aborts ctx.signal and the run ends Stopped',
  grace: 'a pack ignoring its signal is terminated after the grace period',
  stopWhileLoading: 'a stop while the bundle loads ends the run Stopped at once; main never runs',
  verify: 'loadBundle refuses a bundle whose sha256 does not match',
  identity: 'the identity store saves, loads and clears',
  agent: 'the agent core registers on this runtime and runs a pod to Succeeded',
} as const
export type ConformanceCase = keyof typeof conformanceCases

export interface ConformanceOptions {
  name: string
  createHarness(): Promise<ConformanceHarness>
}

interface Captured {
  io: PodIO
  lines: { stream: 'stdout' | 'stderr'; line: string }[]
  stdout(): string[]
  stderr(): string[]
  /** Resolves once a line equal to `text` has been logged. */
  seen(text: string): Promise<void>
}

function capture(): Captured {
  const lines: Captured['lines'] = []
  const waiting: { text: string; resolve: () => void }[] = []
  return {
    lines,
    io: {
      log(stream, line) {
        lines.push({ stream, line })
        for (const w of waiting.filter((w) => w.text === line)) w.resolve()
      },
    },
    stdout: () => lines.filter((l) => l.stream === 'stdout').map((l) => l.line),
    stderr: () => lines.filter((l) => l.stream === 'stderr').map((l) => l.line),
    seen: (text) =>
      lines.some((l) => l.line === text) ? Promise.resolve() : new Promise((resolve) => waiting.push({ text, resolve })),
  }
}

export function runAgentConformance(options: ConformanceOptions): void {
  describe(`agent runtime conformance: ${options.name}`, () => {
    let h: ConformanceHarness
    let runtime: AgentRuntime
    let count = 0
    beforeEach(async () => {
      h = await options.createHarness()
      runtime = await h.createRuntime({ name: `conformance-${++count}` })
    })
    afterEach(async () => {
      await h?.close()
    })

    /** Every runtime passes every case: there is no way to skip one. */
    const test = (c: ConformanceCase, body: () => Promise<void>) => it(conformanceCases[c], body)

    /** Loads `source` through the runtime and starts it as a pod. */
    async function run(source: string, overrides: Parameters<typeof podAssignment>[0] = {}) {
      const bundle = await h.serveBundle(source)
      const ref = await runtime.loadBundle(bundle.sha256, bundle.url, h.token)
      const assignment = podAssignment({ ...overrides, pack: { sha256: bundle.sha256, ...overrides.pack } })
      const out = capture()
      const podRun = runtime.startPod(assignment, 'node-c', ref, out.io)
      return { assignment, out, podRun, done: podRun.done as Promise<PodExit> }
    }

    test('returns', async () => {
      const { done } = await run(conformancePacks.returns)
      expect(await done).toMatchObject({ status: 'Succeeded' })
    })

    test('throws', async () => {
      const { done } = await run(conformancePacks.throws)
      const exit = await done
      expect(exit.status).toBe('Failed')
      expect(exit.message).toContain('pack exploded: on purpose')
    })

    test('console', async () => {
      const { done, out } = await run(conformancePacks.console)
      expect((await done).status).toBe('Succeeded')
      expect(out.stdout()).toEqual([
        'to stdout 42',
        'info line',
        expect.stringMatching(/^via ctx\.log \{ ?"?n"?: ?1 ?\}$/),
        'two',
        'lines',
      ])
      expect(out.stderr()).toEqual(['to stderr', 'warned'])
    })

    test('context', async () => {
      const { done, out, assignment } = await run(conformancePacks.context, {
        podId: 'pod-ctx',
        name: 'ctx-abcde',
        namespace: 'team-a',
        incarnation: 3,
        env: { GREETING: 'hi', EMPTY: '' },
        args: ['--flag', 'value with spaces'],
        pack: { name: 'ctx-pack', version: '2.0.1' },
      })
      expect((await done).status).toBe('Succeeded')
      expect(JSON.parse(out.stdout()[0]!)).toEqual({
        pod: { id: 'pod-ctx', name: 'ctx-abcde', namespace: 'team-a', nodeId: 'node-c', incarnation: 3 },
        pack: { name: 'ctx-pack', version: '2.0.1' },
        env: assignment.env,
        args: assignment.args,
        runtime: runtime.kind,
        signal: { aborted: false, listenable: true },
        log: 'function',
      })
    })

    test('stop', async () => {
      const { done, out, podRun } = await run(conformancePacks.stoppable)
      await out.seen('started')
      podRun.stop(60_000)
      expect((await done).status).toBe('Stopped')
      expect(out.stdout()).toEqual(['started', 'aborted: true'])
    })

    test('grace', async () => {
      const { done, out, podRun } = await run(conformancePacks.stubborn)
      await out.seen('started')
      podRun.stop(200)
      // The pack never returns: the run can only end by being terminated.
      expect((await done).status).toBe('Stopped')
      expect(out.stdout()).toContain('ignoring the abort')
    })

    test('stopWhileLoading', async () => {
      const { done, out, podRun } = await run(conformancePacks.slowToLoad)
      await out.seen('loading')
      // A grace period longer than any test: the run ends by the stop itself, not by termination.
      podRun.stop(600_000)
      expect(await done).toEqual({ status: 'Stopped' })
      expect(out.stdout()).toEqual(['loading'])
    })

    test('verify', async () => {
      const good = await h.serveBundle(conformancePacks.returns)
      const other = await h.serveBundle(conformancePacks.throws)
      await expect(runtime.loadBundle(other.sha256, good.url, h.token)).rejects.toThrow()
      // Nothing was kept under the wrong name, and the right bundle still loads.
      await expect(runtime.loadBundle(other.sha256, good.url, h.token)).rejects.toThrow()
      await expect(runtime.loadBundle(good.sha256, good.url, h.token)).resolves.toBeDefined()
    })

    test('identity', async () => {
      const store = runtime.identity
      expect(await store.load()).toBeNull()
      await store.save({ nodeId: 'node-1', name: 'conformance', nodeToken: 'token-1' })
      expect(await store.load()).toEqual({ nodeId: 'node-1', name: 'conformance', nodeToken: 'token-1' })
      await store.save({ nodeId: 'node-2', name: 'conformance', nodeToken: 'token-2' })
      expect(await store.load()).toEqual({ nodeId: 'node-2', name: 'conformance', nodeToken: 'token-2' })
      await store.clear()
      expect(await store.load()).toBeNull()
      await store.clear()
      expect(await store.load()).toBeNull()
    })

    test('agent', async () => {
      const name = `agent-${count}`
      const agentRuntime = await h.createRuntime({ name })
      const agent = createAgent(agentRuntime, {
        serverUrl: h.serverUrl,
        credential: h.token,
        name,
        allocatable: TEST_ALLOCATABLE,
      })
      try {
        agent.start()
        const register = await h.server.waitFor('node:register')
        expect(register.payload).toMatchObject({ name, runtime: agentRuntime.kind, allocatable: TEST_ALLOCATABLE })
        const bundle = await h.serveBundle(conformancePacks.hello)
        const after = h.server.messages.length
        h.server.assign(podAssignment({ name: 'hello-c0nf0', pack: { sha256: bundle.sha256 } }))
        const done = await h.server.waitFor('pod:status', (p) => p.status !== 'Running', after)
        expect(done.payload).toMatchObject({ podId: 'pod-1', status: 'Succeeded' })
        const logs = h.server.received('pod:log').flatMap((m) => m.payload.entries.map((e) => e.line))
        expect(logs).toEqual(['hello from hello-c0nf0'])
      } finally {
        await agent.stop()
      }
      // stop() lets the identity write land: the next start comes back as the same node.
      expect(await agentRuntime.identity.load()).toMatchObject({ nodeId: agent.nodeId, name })
    })
  })
}
