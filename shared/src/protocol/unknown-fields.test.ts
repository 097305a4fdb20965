/**
 * WebSocket payloads ignore fields they do not know, at every depth, so a newer peer can talk to
 * an older one within a protocol version (REST bodies, by contrast, reject unknown fields).
 */
import { describe, expect, it } from 'vitest'
import { decode } from './codec'

const later = { addedInAFutureVersion: { nested: true } }

describe('unknown fields in WebSocket payloads', () => {
  it('are dropped from nested objects of node:register (allocatable, taints, pods)', () => {
    const r = decode(
      JSON.stringify({
        type: 'node:register',
        payload: {
          protocol: 1,
          name: 'n1',
          runtime: 'node',
          allocatable: { cpu: 1000, memory: 512, pods: 10, gpus: 2 },
          taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule', ...later }],
          pods: [{ podId: 'p1', incarnation: 1, status: 'Running', ...later }],
          ...later,
        },
      }),
      'agent→server',
    )
    expect(r).toEqual({
      ok: true,
      value: {
        type: 'node:register',
        payload: {
          protocol: 1,
          name: 'n1',
          runtime: 'node',
          labels: {},
          allocatable: { cpu: 1000, memory: 512, pods: 10 },
          taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }],
          pods: [{ podId: 'p1', incarnation: 1, status: 'Running' }],
        },
      },
    })
  })

  it('are dropped from pod:assign (pod, pack, resources) and from reports (heartbeat usage, log entries)', () => {
    const assign = decode(
      JSON.stringify({
        type: 'pod:assign',
        payload: {
          pod: {
            podId: 'p1',
            name: 'web-1',
            namespace: 'default',
            incarnation: 2,
            pack: { name: 'web', version: '1.0.0', sha256: 'a'.repeat(64), runtime: 'node', ...later },
            env: {},
            args: [],
            resources: { cpu: 100, memory: 64, gpus: 1 },
            ...later,
          },
        },
      }),
      'server→agent',
    )
    expect(assign.ok && assign.value.type === 'pod:assign' && assign.value.payload.pod).toEqual({
      podId: 'p1',
      name: 'web-1',
      namespace: 'default',
      incarnation: 2,
      pack: { name: 'web', version: '1.0.0', sha256: 'a'.repeat(64), runtime: 'node' },
      env: {},
      args: [],
      resources: { cpu: 100, memory: 64 },
    })
    const beat = decode(
      JSON.stringify({
        type: 'node:heartbeat',
        payload: { usage: [{ podId: 'p1', incarnation: 2, cpu: 5, memory: 9, ...later }] },
      }),
      'agent→server',
    )
    expect(beat.ok && beat.value.payload).toEqual({ usage: [{ podId: 'p1', incarnation: 2, cpu: 5, memory: 9 }] })
    const log = decode(
      JSON.stringify({
        type: 'pod:log',
        payload: { podId: 'p1', incarnation: 2, entries: [{ ts: 1, stream: 'stdout', line: 'x', ...later }] },
      }),
      'agent→server',
    )
    expect(log.ok && log.value.payload).toEqual({
      podId: 'p1',
      incarnation: 2,
      entries: [{ ts: 1, stream: 'stdout', line: 'x' }],
    })
  })
})
