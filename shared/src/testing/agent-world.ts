/**
 * An agent core on the fake runtime, fake server and fake clock, for unit tests of the core (and
 * of anything built on it), plus helpers that wait on microtasks only (never on real time).
 */
import { createAgent, type AgentEvent, type AgentOptions } from '../agent/agent'
import type { NodeIdentity } from '../agent/runtime'
import { createFakeServer, type FakeServerOptions } from './fake-server'
import { createFakeRuntime } from './fake-runtime'
import { fakeClock } from './fake-clock'
import { TEST_ALLOCATABLE } from './fixtures'

export const SERVER_URL = 'http://stark.test'
export const CREDENTIAL = 'user-token'

export interface AgentSetup {
  identity?: NodeIdentity | null
  server?: FakeServerOptions
  agent?: Partial<AgentOptions>
  beforeLoad?: (sha256: string) => Promise<void>
}

export function agentWorld(setup: AgentSetup = {}) {
  const clock = fakeClock()
  const server = createFakeServer({ heartbeatIntervalMs: 1000, ...setup.server })
  const runtime = createFakeRuntime({
    server,
    clock,
    identity: setup.identity ?? null,
    ...(setup.beforeLoad ? { beforeLoad: setup.beforeLoad } : {}),
  })
  const agent = createAgent(runtime, {
    serverUrl: SERVER_URL,
    credential: CREDENTIAL,
    name: 'n1',
    allocatable: TEST_ALLOCATABLE,
    ...setup.agent,
  })
  const events: AgentEvent[] = []
  agent.on((e) => events.push(e))

  /** Lets every queued microtask run (socket deliveries, pack runs), without moving time. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await clock.advance(0)
  }

  /** Starts the agent and waits until it is registered. */
  const start = async () => {
    agent.start()
    await soon(server.waitFor('node:register'), 'node:register')
    await settle()
    if (agent.state !== 'ready') throw new Error(`agent is ${agent.state}, not ready`)
  }

  /** Reconnect delays the agent announced, from its state events. */
  const backoffDelays = () =>
    events.flatMap((e) => {
      const m = e.type === 'state' && e.state === 'backoff' ? /reconnecting in (\d+) ms/.exec(e.detail ?? '') : null
      return m ? [Number(m[1])] : []
    })

  return { clock, server, runtime, agent, events, settle, start, backoffDelays }
}

/**
 * Resolves with `promise` if it settles within a budget of microtask turns, else rejects: the fake
 * world runs on microtasks only, so anything that needs more is waiting for time that never comes.
 */
export async function soon<T>(promise: Promise<T>, what: string, turns = 2000): Promise<T> {
  let result: { value: T } | undefined
  let failure: { error: unknown } | undefined
  promise.then(
    (value) => (result = { value }),
    (error: unknown) => (failure = { error }),
  )
  for (let i = 0; i < turns && !result && !failure; i++) await Promise.resolve()
  if (failure) throw failure.error
  if (!result) throw new Error(`still waiting for ${what}`)
  return result.value
}

/** The message types one connection received from the agent, in order. */
export const typesOn = (received: readonly { type: string }[]) => received.map((m) => m.type)
