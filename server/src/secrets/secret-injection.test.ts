import { silentLogger } from '@stark/shared'
import { describe, expect, it } from 'vitest'
import type { NodeConnections } from '../ws/node-connections'
import { withSecretEnv } from './secret-injection'
import { trustedWithSecrets } from './secret-trust'

/** A NodeConnections that records what it was asked to send (the one thing under test wraps it). */
function recording() {
  const sent: { nodeId: string; type: string; payload: unknown }[] = []
  const connections = {
    send: (nodeId: string, type: string, payload: unknown) => (sent.push({ nodeId, type, payload }), true),
  } as unknown as NodeConnections
  return { sent, connections }
}

const assign = (podId: string) => ({
  pod: {
    podId,
    name: 'p',
    namespace: 'default',
    incarnation: 1,
    pack: { name: 'x', version: '1.0.0', sha256: 'a', runtime: 'node' },
    env: { OWN: '1' },
    args: [],
    resources: { cpu: 1, memory: 1 },
  },
})

describe('secret injection', () => {
  it('adds the secret env for a trusted node, and refuses to send the assignment to any other', () => {
    const { sent, connections } = recording()
    const wrapped = withSecretEnv(
      connections,
      () => ({ DB_PASSWORD: 's3cret' }),
      silentLogger,
      (_podId, nodeId) => nodeId === 'mine',
    )
    expect(wrapped.send('mine', 'pod:assign', assign('p1') as never)).toBe(true)
    expect(wrapped.send('theirs', 'pod:assign', assign('p1') as never)).toBe(false)
    expect(sent.map((s) => s.nodeId)).toEqual(['mine'])
    expect(JSON.stringify(sent[0]!.payload)).toContain('s3cret')
    // Other messages pass untouched.
    expect(wrapped.send('theirs', 'pod:stop', { podId: 'p1', incarnation: 1, reason: 'x', gracePeriodMs: 1 } as never)).toBe(true)
  })

  it.each([
    { name: 'no secrets: any node', pod: { ownerId: 'a', spec: {} }, node: { trusted: false, ownerId: 'b' }, want: true },
    { name: 'own node', pod: { ownerId: 'a', spec: { secrets: ['s'] } }, node: { trusted: false, ownerId: 'a' }, want: true },
    { name: 'trusted node', pod: { ownerId: 'a', spec: { secrets: ['s'] } }, node: { trusted: true, ownerId: 'b' }, want: true },
    {
      name: 'another user’s node',
      pod: { ownerId: 'a', spec: { secrets: ['s'] } },
      node: { trusted: false, ownerId: 'b' },
      want: false,
    },
    {
      name: 'a node without owner',
      pod: { ownerId: 'a', spec: { secrets: ['s'] } },
      node: { trusted: false, ownerId: null },
      want: false,
    },
  ])('trustedWithSecrets: $name → $want', ({ pod, node, want }) => expect(trustedWithSecrets(pod, node)).toBe(want))
})
