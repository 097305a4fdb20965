/**
 * The servers on this database as Prometheus gauges, read at scrape time from `stark_servers`:
 * `stark_server_info{id,address,version}` (always 1), `stark_server_leader{id}` (1 for the one
 * that leads), `stark_server_last_seen_seconds{id}` (seconds since its last heartbeat) and
 * `stark_leader_term` (the current leader's term).
 */
import { Gauge, type Registry } from 'prom-client'
import type { ServerInfo } from './server-registry'

export interface ClusterMetricsSource {
  servers(): Promise<ServerInfo[]>
  now(): number
}

export function registerClusterMetrics(registry: Registry, source: ClusterMetricsSource): void {
  const registers = [registry]
  /** One read per scrape, shared by the four gauges. */
  let pending: Promise<ServerInfo[]> | undefined
  const servers = () => {
    pending ??= source
      .servers()
      .catch(() => [])
      .finally(() => setImmediate(() => (pending = undefined)))
    return pending
  }
  new Gauge({
    name: 'stark_server_info',
    help: 'Every server on this database with its address and version (always 1).',
    labelNames: ['id', 'address', 'version'],
    registers,
    async collect() {
      this.reset()
      for (const s of await servers()) this.set({ id: s.id, address: s.url, version: s.version }, 1)
    },
  })
  new Gauge({
    name: 'stark_server_leader',
    help: 'Whether a server leads (runs the scheduler and the controllers): 1 or 0.',
    labelNames: ['id'],
    registers,
    async collect() {
      this.reset()
      for (const s of await servers()) this.set({ id: s.id }, s.leader ? 1 : 0)
    },
  })
  new Gauge({
    name: 'stark_server_last_seen_seconds',
    help: 'Seconds since a server last wrote its heartbeat.',
    labelNames: ['id'],
    registers,
    async collect() {
      this.reset()
      const now = source.now()
      for (const s of await servers()) this.set({ id: s.id }, Math.max(0, (now - Date.parse(s.lastSeenAt)) / 1000))
    },
  })
  new Gauge({
    name: 'stark_leader_term',
    help: 'The term of the server that leads (it grows by one at each change of leader; 0 with no leader).',
    registers,
    async collect() {
      this.set((await servers()).find((s) => s.leader)?.term ?? 0)
    },
  })
}
