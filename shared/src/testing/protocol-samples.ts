/**
 * One valid payload for every message type, for round-trip and fuzz tests. Typed as a record over
 * MessageType, so a new message type does not compile until it has a sample here.
 */
import type { MessageType, PayloadInput } from '../protocol/messages'

export const samplePayloads: { [T in MessageType]: PayloadInput<T> } = {
  'node:register': {
    protocol: 1,
    nodeId: 'node-1',
    name: 'worker-1',
    runtime: 'node',
    labels: { zone: 'eu-1', 'example.com/tier': 'gold' },
    taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }],
    allocatable: { cpu: 4000, memory: 8192, pods: 110 },
    agentVersion: '0.1.0',
    pods: [{ podId: 'pod-1', incarnation: 2, status: 'Running' }],
  },
  'node:registered': { nodeId: 'node-1', name: 'worker-1', heartbeatIntervalMs: 5000, nodeToken: 'tok' },
  'node:token': { nodeToken: 'rotated-token', expiresAt: 1_900_000_000_000 },
  'node:heartbeat': {
    pods: [{ podId: 'pod-1', incarnation: 2, status: 'Succeeded' }],
    usage: [{ podId: 'pod-1', incarnation: 2, cpu: 12.5, memory: 40 }],
  },
  'node:device': {
    labels: { 'stark.io/power': 'battery', 'stark.io/battery-level': '15', 'stark.io/visibility': 'visible' },
    taints: [{ key: 'stark.io/low-battery', effect: 'NoSchedule' }],
  },
  'node:leave': { remove: false, reason: 'SIGTERM' },
  'node:left': { nodeId: 'node-1', removed: false },
  'pod:assign': {
    pod: {
      podId: 'pod-1',
      name: 'hello-7xk2p',
      namespace: 'default',
      incarnation: 2,
      pack: { name: 'hello', version: '1.0.0', sha256: 'ab'.repeat(32), runtime: 'universal' },
      env: { GREETING: 'hi' },
      args: ['--loud'],
      resources: { cpu: 100, memory: 64 },
    },
  },
  'pod:stop': { podId: 'pod-1', incarnation: 2, reason: 'Deleted', gracePeriodMs: 5000 },
  'pod:status': { podId: 'pod-1', incarnation: 2, status: 'Failed', reason: 'Error', message: 'boom', exitCode: 1 },
  'pod:log': {
    podId: 'pod-1',
    incarnation: 2,
    entries: [
      { ts: 1767225600000, stream: 'stdout', line: 'hello' },
      { ts: 1767225600001, stream: 'stderr', line: 'ünïcødé ✓ 🚀' },
    ],
  },
  'watch:subscribe': { topics: ['pod:*', 'node:worker-1'], namespace: 'default' },
  'watch:subscribed': { topics: ['pod:*', 'node:worker-1'] },
  'watch:event': {
    event: {
      id: 7,
      type: 'PodScheduled',
      category: 'scheduler',
      severity: 'info',
      resourceType: 'pod',
      resourceId: 'pod-1',
      resourceName: 'hello-7xk2p',
      namespace: 'default',
      previousState: 'Pending',
      newState: 'Scheduled',
      reason: 'Scheduled',
      message: 'assigned to node worker-1',
      correlationId: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  },
  error: { code: 'invalid-payload', message: 'nope', about: 'pod:assign' },
}
