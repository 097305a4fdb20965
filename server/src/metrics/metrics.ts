/**
 * Prometheus metrics (prom-client, one registry per server — never the global one). Counters and
 * histograms are fed by hooks (HTTP requests, scheduling decisions, committed write batches,
 * heartbeats, events); gauges are read from the live sources at scrape time, so they are never stale
 * (node and pod counts from the state's computed summary, recounted only after a change).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { nodeRuntimes, nodeStatuses, podStatuses } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import { watchChanges } from '../state/watch-changes'
import type { EventRecord } from '../store/records'
import type { UsageStore } from './usage-store'

/** Where scrape-time gauges read from; attached once the server has built them. */
export interface MetricsSources {
  state: ClusterState
  usage: UsageStore
  now(): number
  lastSeen(nodeId: string): number | undefined
  schedulerDepth(): { active: number; unschedulable: number }
  writeQueueDepth(): number
  websocket(): { open: number; connections: number; badFrames: number }
  /** Runs a trivial query; resolves to its duration in seconds, or null when the database did not answer. */
  pingDatabase(): Promise<number | null>
  /** The mass-outage guard: the nodes it caught that are still down, or null when evictions run. */
  massOutage?(): { nodesDown: string[] } | null
  version: string
  engine: string
}

export interface MetricsOptions {
  /** Node.js process metrics (CPU, memory, event loop lag, GC) with the `stark_` prefix. */
  processMetrics?: boolean
}

const MiB = 1024 * 1024
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const DECISION_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5]

export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry()
  const registers = [registry]
  let src: MetricsSources | undefined
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'stark_' })

  new Gauge({
    name: 'stark_build_info',
    help: 'The server version and database engine (always 1).',
    labelNames: ['version', 'engine'],
    registers,
    collect() {
      this.reset()
      if (src) this.set({ version: src.version, engine: src.engine }, 1)
    },
  })
  new Gauge({
    name: 'stark_nodes',
    help: 'Nodes by status and runtime.',
    labelNames: ['status', 'runtime'],
    registers,
    collect() {
      this.reset()
      if (!src) return
      const { byRuntime } = src.state.views.summary.value.nodes
      for (const runtime of nodeRuntimes)
        for (const status of nodeStatuses) this.set({ status, runtime }, byRuntime[runtime][status])
    },
  })
  new Gauge({
    name: 'stark_nodes_unschedulable',
    help: 'Cordoned nodes (they keep their pods and take no new ones).',
    registers,
    collect() {
      if (src) this.set(src.state.views.summary.value.nodes.unschedulable)
    },
  })
  new Gauge({
    name: 'stark_evictions_paused',
    help: 'Whether node health pauses evictions because many nodes dropped at once (1) or not (0).',
    registers,
    collect() {
      if (src) this.set(src.massOutage?.() ? 1 : 0)
    },
  })
  new Gauge({
    name: 'stark_mass_outage_nodes',
    help: 'Nodes caught by the mass-outage guard that are still down (their pods wait; 0 when evictions run).',
    registers,
    collect() {
      if (src) this.set(src.massOutage?.()?.nodesDown.length ?? 0)
    },
  })
  new Gauge({
    name: 'stark_pods',
    help: 'Pods by status (deleted pods still stopping or kept for their logs included).',
    labelNames: ['status'],
    registers,
    collect() {
      this.reset()
      if (!src) return
      const { byStatus } = src.state.views.summary.value.pods
      for (const status of podStatuses) this.set({ status }, byStatus[status])
    },
  })
  const attempts = new Counter({
    name: 'stark_scheduler_attempts_total',
    help: 'Scheduling decisions: scheduled (a node fits), preempting (fits after evicting lower-priority pods), unschedulable.',
    labelNames: ['result'],
    registers,
  })
  for (const result of ['scheduled', 'preempting', 'unschedulable']) attempts.inc({ result }, 0)
  const decisionSeconds = new Histogram({
    name: 'stark_scheduler_decision_duration_seconds',
    help: 'Time to decide where one pod goes (filters, scores and any preemption search).',
    buckets: DECISION_BUCKETS,
    registers,
  })
  const preemptions = new Counter({
    name: 'stark_scheduler_preemptions_total',
    help: 'Pods evicted to make room for higher-priority ones.',
    registers,
  })
  new Gauge({
    name: 'stark_scheduler_queue_depth',
    help: 'Pods waiting for the scheduler: active (next cycle) and unschedulable (parked until the cluster changes).',
    labelNames: ['queue'],
    registers,
    collect() {
      if (!src) return
      const d = src.schedulerDepth()
      this.set({ queue: 'active' }, d.active)
      this.set({ queue: 'unschedulable' }, d.unschedulable)
    },
  })
  new Gauge({
    name: 'stark_write_queue_depth',
    help: 'Changes waiting for the next database transaction of the write path.',
    registers,
    collect() {
      if (src) this.set(src.writeQueueDepth())
    },
  })
  const commitSeconds = new Histogram({
    name: 'stark_db_transaction_duration_seconds',
    help: 'Duration of each write-path transaction (from the batch start to the commit and state update).',
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const commitWrites = new Counter({ name: 'stark_db_writes_total', help: 'Changes committed by the write path.', registers })
  new Gauge({
    name: 'stark_db_ping_seconds',
    help: 'Duration of a trivial query run at scrape time (-1 when the database did not answer).',
    registers,
    async collect() {
      if (src) this.set((await src.pingDatabase()) ?? -1)
    },
  })
  new Gauge({
    name: 'stark_websocket_connections',
    help: 'Open WebSocket connections (node agents, browser nodes, event watchers).',
    registers,
    collect() {
      if (src) this.set(src.websocket().open)
    },
  })
  new Counter({
    name: 'stark_websocket_connections_opened_total',
    help: 'WebSocket connections accepted since the server started.',
    registers,
    collect() {
      if (!src) return
      this.reset()
      this.inc(src.websocket().connections)
    },
  })
  new Counter({
    name: 'stark_websocket_bad_frames_total',
    help: 'WebSocket frames that did not decode (answered with an error, never handled).',
    registers,
    collect() {
      if (!src) return
      this.reset()
      this.inc(src.websocket().badFrames)
    },
  })
  const heartbeatInterval = new Histogram({
    name: 'stark_node_heartbeat_interval_seconds',
    help: 'Time between two heartbeats of a node (the configured interval plus any lag).',
    buckets: [1, 2.5, 5, 6, 7.5, 10, 15, 30, 60, 120],
    registers,
  })
  const lastHeartbeat = new Map<string, number>()
  new Gauge({
    name: 'stark_node_heartbeat_age_seconds',
    help: 'Seconds since each connected node last showed a sign of life (heartbeat, message or pong).',
    labelNames: ['node'],
    registers,
    collect() {
      this.reset()
      if (!src) return
      const now = src.now()
      for (const n of src.state.nodes.values()) {
        const seen = src.lastSeen(n.id) ?? n.lastHeartbeatAt
        if (n.status !== 'Offline' && seen !== null) this.set({ node: n.name }, Math.max(0, (now - seen) / 1000))
      }
    },
  })
  const httpSeconds = new Histogram({
    name: 'stark_http_request_duration_seconds',
    help: 'REST and other HTTP requests by method, matched route (never the raw URL) and status; streams count until their headers are sent.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  })
  const events = new Counter({
    name: 'stark_events_total',
    help: 'Events committed, by category and severity.',
    labelNames: ['category', 'severity'],
    registers,
  })
  const podLogLines = new Counter({
    name: 'stark_pod_log_lines_total',
    help: 'Pod log lines that were cleaned (control characters, escapes, NUL or lone surrogates made visible) or dropped (over the rate, or not storable).',
    labelNames: ['outcome'],
    registers,
  })
  const eventsFolded = new Counter({
    name: 'stark_events_folded_total',
    help: 'Events not written as a row of their own: aggregated into a repeat count, or throttled by the per-source rate limit.',
    labelNames: ['outcome'],
    registers,
  })
  const podLabels = ['namespace', 'pod', 'node']
  const podName = (podId: string) => {
    const p = src?.state.pods.get(podId)
    return p ? { namespace: p.namespace, pod: p.name, node: (p.nodeId && src?.state.nodes.get(p.nodeId)?.name) || '' } : undefined
  }
  new Gauge({
    name: 'stark_pod_cpu_millicores',
    help: 'CPU a running pod uses, as its node reports it (millicores, averaged over a heartbeat interval).',
    labelNames: podLabels,
    registers,
    collect() {
      this.reset()
      for (const { podId, usage } of src?.usage.all() ?? []) {
        const labels = podName(podId)
        if (labels) this.set(labels, usage.cpu)
      }
    },
  })
  new Gauge({
    name: 'stark_pod_memory_bytes',
    help: 'Memory a running pod uses (its worker heap), as its node reports it.',
    labelNames: podLabels,
    registers,
    collect() {
      this.reset()
      for (const { podId, usage } of src?.usage.all() ?? []) {
        const labels = podName(podId)
        if (labels) this.set(labels, usage.memory * MiB)
      }
    },
  })

  return {
    registry,
    contentType: registry.contentType,
    attach(sources: MetricsSources) {
      src = sources
      // A node that goes away starts a new interval when it comes back (its gap is not heartbeat lag).
      watchChanges(sources.state.changes, {
        node(prev, next) {
          if (prev && next?.status !== 'Ready') lastHeartbeat.delete(prev.id)
        },
      })
    },
    httpRequest(r: { method: string; route: string; status: number; seconds: number }) {
      httpSeconds.observe({ method: r.method, route: r.route, status: String(r.status) }, r.seconds)
    },
    schedulingDecision(d: { ok: boolean; latencyMs: number; preempted: number }) {
      attempts.inc({ result: !d.ok ? 'unschedulable' : d.preempted > 0 ? 'preempting' : 'scheduled' })
      decisionSeconds.observe(d.latencyMs / 1000)
      if (d.preempted > 0) preemptions.inc(d.preempted)
    },
    commit(c: { items: number; durationMs: number }) {
      commitSeconds.observe(c.durationMs / 1000)
      commitWrites.inc(c.items)
    },
    heartbeat(nodeId: string, at: number) {
      const previous = lastHeartbeat.get(nodeId)
      lastHeartbeat.set(nodeId, at)
      if (previous !== undefined && at >= previous) heartbeatInterval.observe((at - previous) / 1000)
    },
    podLogLines(outcome: string, count: number) {
      podLogLines.inc({ outcome }, count)
    },
    eventsFolded(outcome: 'aggregated' | 'throttled', count: number) {
      eventsFolded.inc({ outcome }, count)
    },
    event(e: Pick<EventRecord, 'category' | 'severity'>) {
      events.inc({ category: e.category, severity: e.severity })
    },
    /** The Prometheus text exposition of every metric. */
    render(): Promise<string> {
      return registry.metrics()
    },
  }
}
export type Metrics = ReturnType<typeof createMetrics>
