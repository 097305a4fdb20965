import { isPressureCondition } from '@stark/shared'
import { FIT, type SchedulerPlugin } from '../types'

export const NODE_NOT_READY = 'node(s) not ready'

/** The diagnosis reason for a node whose agent reports a pressure condition (e.g. ResourcePressure). */
export const nodeUnderPressure = (type: string) => `node(s) had ${type}`

/**
 * Only Ready nodes (connected, heartbeating) take new pods, and only while their agent reports no
 * pressure condition (out of descriptors, processes or memory: pods sent there would fail).
 */
export const nodeReady = {
  name: 'NodeReady',
  filter: (_pod, info) => {
    if (info.node.status !== 'Ready') return { ok: false, reason: NODE_NOT_READY, unresolvable: true }
    const pressure = info.node.conditions?.find(isPressureCondition)
    return pressure ? { ok: false, reason: nodeUnderPressure(pressure.type), unresolvable: true } : FIT
  },
} satisfies SchedulerPlugin
