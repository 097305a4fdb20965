import { describe, expect, it } from 'vitest'
import { agentWorld, CREDENTIAL, soon } from '../testing/agent-world'
import type { NodeIdentity } from './runtime'

const stored: NodeIdentity = { nodeId: 'node-42', name: 'n1', nodeToken: 'node-token-node-42' }

describe('agent: refused identities and credentials', () => {
  it('forgets an identity the server does not know (4404) and registers anew with the credential', async () => {
    const w = agentWorld({ identity: stored })
    w.agent.start()
    const conn = await soon(w.server.waitFor('node:register'), 'register').then(() => w.server.current!)
    conn.close(4404, 'unknown node')
    await w.settle() // the new attempt is a timer of 0 ms
    await soon(
      w.server.waitFor('node:register', () => true, 1),
      'register anew',
    )
    await w.settle()
    expect(w.runtime.connects.map((c) => c.token)).toEqual(['node-token-node-42', CREDENTIAL])
    expect(w.server.received('node:register')[1]!.payload.nodeId).toBeUndefined()
    expect(w.runtime.identity.writes).toEqual(['clear', 'save'])
    expect(w.runtime.identity.current?.nodeId).toBe('node-1')
    expect(w.agent.state).toBe('ready')
  })

  it('treats a refused node token (4401) the same way', async () => {
    const w = agentWorld({
      identity: stored,
      server: { authorize: (t) => (t === stored.nodeToken ? { code: 4401, reason: 'token revoked' } : undefined) },
    })
    w.agent.start()
    await w.settle() // the refusal, then the new attempt on a timer of 0 ms
    await soon(w.server.waitFor('node:register'), 'register anew')
    await w.settle()
    expect(w.runtime.connects.map((c) => c.token)).toEqual(['node-token-node-42', CREDENTIAL])
    expect(w.runtime.identity.writes).toEqual(['clear', 'save'])
    expect(w.agent.state).toBe('ready')
  })

  it('stops when a refused node token leaves it no credential to register anew', async () => {
    const w = agentWorld({
      identity: stored,
      agent: { credential: undefined },
      server: { authorize: () => ({ code: 4401, reason: 'token revoked' }) },
    })
    w.agent.start()
    await w.clock.advance(60_000)
    expect(w.agent.state).toBe('stopped')
    expect(w.runtime.connects).toHaveLength(1)
    expect(w.runtime.identity.current).toBeNull()
  })

  it('stops, without retrying, when the credential itself is refused (4401)', async () => {
    const w = agentWorld({ server: { authorize: () => ({ code: 4401, reason: 'bad token' }) } })
    w.agent.start()
    await w.clock.advance(60_000)
    expect(w.agent.state).toBe('stopped')
    expect(w.runtime.connects).toHaveLength(1)
    expect(w.events.at(-1)).toEqual({ type: 'state', state: 'stopped', detail: 'bad token' })
  })

  it('stops, without retrying, when another agent took over the node (4409)', async () => {
    const w = agentWorld()
    w.agent.start()
    await soon(w.server.waitFor('node:register'), 'register')
    await w.clock.advance(10)
    w.server.current!.close(4409, 'replaced by a newer connection of this node')
    await w.clock.advance(60_000)
    expect(w.agent.state).toBe('stopped')
    expect(w.runtime.connects).toHaveLength(1)
  })

  it('stops, without retrying, when its registration is refused for good (4403), but retries a passing refusal (1013)', async () => {
    const refused = agentWorld({ server: { autoRegister: false } })
    refused.agent.start()
    await soon(refused.server.waitFor('node:register'), 'register')
    refused.server.current!.close(4403, 'this join token was already used')
    await refused.clock.advance(60_000)
    expect(refused.agent.state).toBe('stopped')
    expect(refused.runtime.connects).toHaveLength(1)
    expect(refused.events.at(-1)).toEqual({ type: 'state', state: 'stopped', detail: 'this join token was already used' })

    const busy = agentWorld({ server: { autoRegister: false } })
    busy.agent.start()
    await soon(busy.server.waitFor('node:register'), 'register')
    busy.server.current!.close(1013, 'database unavailable')
    await busy.clock.advance(60_000)
    expect(busy.agent.state).not.toBe('stopped')
    expect(busy.runtime.connects.length).toBeGreaterThan(1)
  })

  it('stops when the server does not speak its protocol version', async () => {
    const w = agentWorld({ server: { autoRegister: false } })
    w.agent.start()
    const register = await soon(w.server.waitFor('node:register'), 'register')
    w.server.current!.send(
      'error',
      { code: 'protocol-version', message: 'supported: 2', about: 'node:register' },
      { replyTo: register.id! },
    )
    await w.clock.advance(60_000)
    expect(w.agent.state).toBe('stopped')
    expect(w.server.connections[0]!.closedWith?.code).toBe(1000)
    expect(w.runtime.connects).toHaveLength(1)
  })
})
