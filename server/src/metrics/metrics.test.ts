import { describe, expect, it } from 'vitest'
import { fakeClock } from '@stark/shared/testing'
import { createClusterState } from '../state/cluster-state'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import { parsePrometheus, valueOf } from '../testing/prometheus'
import { createMetrics } from './metrics'
import { createUsageStore } from './usage-store'

function setup() {
  const clock = fakeClock(Date.UTC(2026, 10, 27, 12))
  const n1 = { ...makeNode('m1').record(), lastHeartbeatAt: null }
  const n2 = { ...makeNode('m2').status('NotReady').runtime('browser').cordoned().record(), lastHeartbeatAt: null }
  const running = { ...makePod('web').boundTo(n1.id).record(), incarnation: 1 }
  const pending = makePod('queued').record()
  const state = createClusterState({ nodes: [n1, n2], pods: [running, pending] })
  const usage = createUsageStore(state, clock)
  const metrics = createMetrics()
  const seen = new Map([[n1.id, clock.now() - 2500]])
  metrics.attach({
    state,
    usage,
    now: () => clock.now(),
    lastSeen: (id) => seen.get(id),
    schedulerDepth: () => ({ active: 3, unschedulable: 1 }),
    writeQueueDepth: () => 7,
    websocket: () => ({ open: 2, connections: 5, badFrames: 1 }),
    pingDatabase: async () => 0.004,
    version: '9.9.9',
    engine: 'pglite',
  })
  return { clock, n1, n2, running, usage, metrics, state }
}

describe('metrics', () => {
  it('reads nodes, pods, queues, sockets, the database and usage at scrape time', async () => {
    const { n1, running, usage, metrics } = setup()
    usage.record(n1.id, [{ podId: running.id, incarnation: 1, cpu: 250, memory: 40 }])
    const s = parsePrometheus(await metrics.render())
    expect(valueOf(s, 'stark_build_info', { version: '9.9.9', engine: 'pglite' })).toBe(1)
    expect(valueOf(s, 'stark_nodes', { status: 'Ready', runtime: 'node' })).toBe(1)
    expect(valueOf(s, 'stark_nodes', { status: 'NotReady', runtime: 'browser' })).toBe(1)
    expect(valueOf(s, 'stark_nodes', { status: 'Offline', runtime: 'node' })).toBe(0)
    expect(valueOf(s, 'stark_nodes_unschedulable')).toBe(1)
    expect(valueOf(s, 'stark_pods', { status: 'Running' })).toBe(1)
    expect(valueOf(s, 'stark_pods', { status: 'Pending' })).toBe(1)
    expect(valueOf(s, 'stark_pods', { status: 'Failed' })).toBe(0)
    expect(valueOf(s, 'stark_scheduler_queue_depth', { queue: 'active' })).toBe(3)
    expect(valueOf(s, 'stark_scheduler_queue_depth', { queue: 'unschedulable' })).toBe(1)
    expect(valueOf(s, 'stark_write_queue_depth')).toBe(7)
    expect(valueOf(s, 'stark_websocket_connections')).toBe(2)
    expect(valueOf(s, 'stark_websocket_connections_opened_total')).toBe(5)
    expect(valueOf(s, 'stark_websocket_bad_frames_total')).toBe(1)
    expect(valueOf(s, 'stark_db_ping_seconds')).toBe(0.004)
    expect(valueOf(s, 'stark_node_heartbeat_age_seconds', { node: 'm1' })).toBe(2.5)
    expect(valueOf(s, 'stark_pod_cpu_millicores', { namespace: 'default', pod: 'web', node: 'm1' })).toBe(250)
    expect(valueOf(s, 'stark_pod_memory_bytes', { pod: 'web' })).toBe(40 * 1024 * 1024)
  })

  it('counts decisions, commits, requests by route, heartbeat intervals and events', async () => {
    const { metrics, n1 } = setup()
    metrics.schedulingDecision({ ok: true, latencyMs: 0.2, preempted: 0 })
    metrics.schedulingDecision({ ok: true, latencyMs: 0.3, preempted: 2 })
    metrics.schedulingDecision({ ok: false, latencyMs: 0.1, preempted: 0 })
    metrics.commit({ items: 4, durationMs: 3 })
    metrics.httpRequest({ method: 'GET', route: '/api/pods/:ref', status: 200, seconds: 0.002 })
    metrics.heartbeat(n1.id, 1000)
    metrics.heartbeat(n1.id, 6000)
    metrics.event({ category: 'pod', severity: 'warning' })
    const s = parsePrometheus(await metrics.render())
    expect(valueOf(s, 'stark_scheduler_attempts_total', { result: 'scheduled' })).toBe(1)
    expect(valueOf(s, 'stark_scheduler_attempts_total', { result: 'preempting' })).toBe(1)
    expect(valueOf(s, 'stark_scheduler_attempts_total', { result: 'unschedulable' })).toBe(1)
    expect(valueOf(s, 'stark_scheduler_preemptions_total')).toBe(2)
    expect(valueOf(s, 'stark_scheduler_decision_duration_seconds_count')).toBe(3)
    expect(valueOf(s, 'stark_db_transaction_duration_seconds_count')).toBe(1)
    expect(valueOf(s, 'stark_db_writes_total')).toBe(4)
    expect(
      valueOf(s, 'stark_http_request_duration_seconds_count', { method: 'GET', route: '/api/pods/:ref', status: '200' }),
    ).toBe(1)
    expect(valueOf(s, 'stark_node_heartbeat_interval_seconds_sum')).toBe(5)
    expect(valueOf(s, 'stark_node_heartbeat_interval_seconds_bucket', { le: '5' })).toBe(1)
    expect(valueOf(s, 'stark_events_total', { category: 'pod', severity: 'warning' })).toBe(1)
  })

  it('a node that goes away and comes back starts a new heartbeat interval', async () => {
    const { metrics, n1, state } = setup()
    metrics.heartbeat(n1.id, 1000)
    metrics.heartbeat(n1.id, 6000)
    state.apply({ nodes: [{ ...n1, status: 'NotReady' }] })
    metrics.heartbeat(n1.id, 3_600_000)
    metrics.heartbeat(n1.id, 3_605_000)
    const s = parsePrometheus(await metrics.render())
    expect(valueOf(s, 'stark_node_heartbeat_interval_seconds_count')).toBe(2)
    expect(valueOf(s, 'stark_node_heartbeat_interval_seconds_sum')).toBe(10)
  })

  it('a database that does not answer shows as -1', async () => {
    const { clock, usage } = setup()
    const m = createMetrics()
    m.attach({
      state: createClusterState(),
      usage,
      now: () => clock.now(),
      lastSeen: () => undefined,
      schedulerDepth: () => ({ active: 0, unschedulable: 0 }),
      writeQueueDepth: () => 0,
      websocket: () => ({ open: 0, connections: 0, badFrames: 0 }),
      pingDatabase: async () => null,
      version: '1.0.0',
      engine: 'postgres',
    })
    expect(valueOf(parsePrometheus(await m.render()), 'stark_db_ping_seconds')).toBe(-1)
  })
})
