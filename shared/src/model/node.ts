import { z } from 'zod'

export const nodeStatuses = ['Ready', 'NotReady', 'Offline'] as const
export type NodeStatus = (typeof nodeStatuses)[number]
export const nodeStatus = z.enum(nodeStatuses)
