import { z } from 'zod'

/** What a node offers or a pod asks for: CPU in millicores, memory in MB, and a pod count. */
export interface Resources {
  cpu: number
  memory: number
  pods: number
}

export const resourcesSchema = z.strictObject({
  cpu: z.number().int().min(0).max(10_000_000),
  memory: z.number().int().min(0).max(100_000_000),
  pods: z.number().int().min(0).max(100_000),
})

/** A pod's request: CPU millicores and memory MB (each pod also counts one against `pods`). */
export interface ResourceRequest {
  cpu: number
  memory: number
}

export const resourceRequestSchema = z.strictObject({
  cpu: z.number().int().min(0).max(10_000_000),
  memory: z.number().int().min(0).max(100_000_000),
})

/** Defaults for a pod that asks for nothing, so "free" pods still count against a node. */
export const DEFAULT_POD_REQUEST: ResourceRequest = { cpu: 100, memory: 64 }

export const ZERO: Resources = { cpu: 0, memory: 0, pods: 0 }

export function addRequest(total: Resources, req: ResourceRequest): Resources {
  return { cpu: total.cpu + req.cpu, memory: total.memory + req.memory, pods: total.pods + 1 }
}

export function subtractRequest(total: Resources, req: ResourceRequest): Resources {
  return {
    cpu: Math.max(0, total.cpu - req.cpu),
    memory: Math.max(0, total.memory - req.memory),
    pods: Math.max(0, total.pods - 1),
  }
}
