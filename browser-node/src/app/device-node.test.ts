import { describe, expect, it } from 'vitest'
import { silentLogger } from '@stark/shared'
import { createFakeRuntime, createFakeServer, fakeClock, podAssignment, TEST_ALLOCATABLE } from '@stark/shared/testing'
import type { KeyValueStore } from '../runtime/idb'
import { createDeviceNode, type DeviceSnapshot } from './device-node'

function memoryStore<T>(): KeyValueStore<T> & { data: Map<string, T> } {
  const data = new Map<string, T>()
  return {
    data,
    get: async (k) => data.get(k),
    put: async (k, v) => void data.set(k, structuredClone(v)),
    delete: async (k) => void data.delete(k),
    keys: async () => [...data.keys()],
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0))
}

function setup() {
  const server = createFakeServer()
  const runtime = createFakeRuntime({ server, clock: fakeClock() })
  const store = memoryStore<DeviceSnapshot>()
  const node = createDeviceNode({
    store,
    key: 'device',
    serverUrl: 'http://stark.test',
    runtime: () => runtime,
    allocatable: TEST_ALLOCATABLE,
    baseLabels: { 'stark.io/browser': 'chrome' },
    log: silentLogger,
  })
  return { server, runtime, store, node }
}

describe('this device’s node', () => {
  it('joins with a credential and saves the joined config at once', async () => {
    const { node, store, server } = setup()
    await node.join({ name: 'phone', labels: { zone: 'home' } }, 'join-token')
    await settle()
    expect(node.snapshot.state).toBe('ready')
    expect(server.received('node:register')[0]?.payload).toMatchObject({
      name: 'phone',
      labels: { zone: 'home', 'stark.io/browser': 'chrome' },
    })
    expect(store.data.get('device')?.config).toEqual({ name: 'phone', labels: { zone: 'home' }, joined: true, paused: false })
  })

  it('a resume clicked while a pause is still stopping wins, in memory and in the saved state', async () => {
    const { node, store } = setup()
    await node.join({ name: 'phone', labels: {} }, 'join-token')
    await settle()
    const paused = node.pause()
    const resumed = node.resume()
    await Promise.all([paused, resumed])
    await settle()
    expect(node.agent).toBeDefined()
    expect(node.snapshot.state).toBe('ready')
    expect(store.data.get('device')?.config.paused).toBe(false)
  })

  it('leaves: stops, forgets the identity, and is no longer joined', async () => {
    const { node, store, runtime } = setup()
    await node.join({ name: 'phone', labels: {} }, 'join-token')
    await settle()
    expect(await runtime.identity.load()).not.toBeNull()
    await node.leave()
    expect(node.agent).toBeUndefined()
    expect(await runtime.identity.load()).toBeNull()
    expect(store.data.get('device')?.config.joined).toBe(false)
  })

  it('shows restored pods as ended: they died with the old page', async () => {
    const { node, store } = setup()
    store.data.set('device', {
      config: { name: 'phone', labels: {}, joined: true, paused: false },
      state: 'ready',
      pods: [
        {
          podId: 'p1',
          name: 'web-1',
          namespace: 'default',
          incarnation: 1,
          pack: { name: 'web', version: '1.0.0' },
          status: 'Running',
          startedAt: 1,
        },
      ],
      logs: { p1: [{ ts: 1, stream: 'stdout', line: 'hi' }] },
      savedAt: 1,
    })
    await node.restore()
    expect(node.snapshot.pods[0]?.status).toBe('Stopped')
    expect(node.logs('p1').map((l) => l.line)).toEqual(['hi'])
  })

  it('keeps the namespace of the pack a pod runs: another namespace, or the pod namespace when the server did not say', async () => {
    const { node, server } = setup()
    await node.join({ name: 'phone', labels: {} }, 'join-token')
    await settle()
    server.assign(
      podAssignment({
        podId: '00000000-0000-4000-8000-000000000001',
        namespace: 'team-a',
        pack: { namespace: 'default', name: 'web' },
      }),
    )
    server.assign(podAssignment({ podId: '00000000-0000-4000-8000-000000000002', name: 'own-1', namespace: 'team-a' }))
    await settle()
    const packs = Object.fromEntries(node.snapshot.pods.map((p) => [p.podId.slice(-1), p.pack]))
    expect(packs).toEqual({
      '1': { namespace: 'default', name: 'web', version: '1.0.0' },
      '2': { namespace: 'team-a', name: 'hello', version: '1.0.0' },
    })
  })
})
