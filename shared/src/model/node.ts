import { z } from 'zod'

export const nodeStatuses = ['Ready', 'NotReady', 'Offline'] as const
export type NodeStatus = (typeof nodeStatuses)[number]
export const nodeStatus = z.enum(nodeStatuses)

/**
 * Something wrong with a node that its agent reports (Kubernetes' node conditions, reported only
 * while they hold): e.g. `ResourcePressure` when it cannot start pods for want of file
 * descriptors, processes or memory. A node with a pressure condition takes no new pods.
 */
export const nodeConditionSchema = z.object({
  type: z.string().min(1).max(64),
  /** Short and machine-readable, e.g. EMFILE. */
  reason: z.string().max(128),
  message: z.string().max(1024),
  /** Since when (ms since the epoch, on the node's clock). */
  since: z.number().min(0),
})
export type NodeCondition = z.infer<typeof nodeConditionSchema>

export const RESOURCE_PRESSURE = 'ResourcePressure'

/** Whether a condition keeps new pods off its node. */
export const isPressureCondition = (c: Pick<NodeCondition, 'type'>) => c.type.endsWith('Pressure')

/** What pods on a Node node may connect to (see the agent's --pod-network). */
export const podNetworkModes = ['default', 'restricted', 'open'] as const
export type PodNetworkMode = (typeof podNetworkModes)[number]
