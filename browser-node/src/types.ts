/** Types main.ts wires together (re-exported so the composition root reads in one place). */
export type { AgentRuntime } from '@stark/shared'
export type { ClusterView } from './app/cluster'
export type { DeviceSnapshot } from './app/device-node'
