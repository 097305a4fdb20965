/**
 * `@stark/server/testing`: what the other packages' tests, e2e and the benchmarks use of the server
 * — databases made fresh for a test, an in-process server, raw WebSocket and fake agents, a
 * Prometheus text parser, and the scheduler's parts for the scheduling benchmark — so none of them
 * reaches into server/src. Source only (the `stark-source` condition); nothing here is built or shipped.
 */
export * from './databases'
export * from './api-call'
export * from './prometheus'
export * from './records'
export * from './test-server'
export * from './ws-client'
export * from '../scheduler/testing/fake-agent'
export { startServer, VERSION, type RunningServer, type StartOptions } from '../server'
export { defaultConfig, type ServerConfig } from '../config'
export { migrate } from '../db/migrate'
export { openPglite } from '../db/pglite-client'
export { openPostgres } from '../db/postgres-client'
export type { SqlClient } from '../db/sql'
export type { Principal } from '../auth/principal'
export type { NodeRecord, PodRecord } from '../store/records'
export { packsRepo } from '../store/packs'
export { usersRepo } from '../store/users'
export { createPodOps } from '../pods/pod-ops'
export { newPendingPod } from '../pods/pending-pod'
export { createSchedulerCache } from '../scheduler/cache'
export { defaultPlugins } from '../scheduler/registry'
export { createSchedulingLoop } from '../scheduler/scheduling-loop'
export { createClusterState } from '../state/cluster-state'
export { createEventBus } from '../state/event-bus'
export { createWriteQueue } from '../state/write-queue'
export { createNodeConnections } from '../ws/node-connections'
