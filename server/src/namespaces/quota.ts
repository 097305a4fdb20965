/**
 * Namespace quotas: how many pods a namespace may hold and how much CPU (millicores) and memory
 * (MB) their requests may add up to. Pure: usage comes in, a readable refusal (or null) comes out.
 * A pod counts from its creation until it has finished (Pending, Scheduled, Running, Stopping).
 */
import { z } from '@hono/zod-openapi'

export const quotaSchema = z
  .strictObject({
    pods: z.number().int().min(0).max(100_000).optional().openapi({ description: 'Most pods at once (not finished).' }),
    cpu: z
      .number()
      .int()
      .min(0)
      .max(10_000_000)
      .optional()
      .openapi({ description: 'Most CPU requested by its pods together (millicores).' }),
    memory: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .optional()
      .openapi({ description: 'Most memory requested by its pods together (MB).' }),
  })
  .openapi('Quota')
export type Quota = z.infer<typeof quotaSchema>

export interface Usage {
  pods: number
  cpu: number
  memory: number
}

export const NO_USAGE: Usage = { pods: 0, cpu: 0, memory: 0 }

export const hasQuota = (q: Quota | undefined): q is Quota =>
  !!q && (q.pods !== undefined || q.cpu !== undefined || q.memory !== undefined)

/** Why adding `request` to `usage` breaks `quota` (every limit it breaks), or null when it fits. */
export function quotaRefusal(
  namespace: string,
  quota: Quota,
  usage: Usage,
  request: { cpu: number; memory: number },
): string | null {
  const broken: string[] = []
  if (quota.pods !== undefined && usage.pods + 1 > quota.pods) broken.push(`pods ${usage.pods} of ${quota.pods} used`)
  if (quota.cpu !== undefined && usage.cpu + request.cpu > quota.cpu)
    broken.push(`cpu ${usage.cpu}m used + ${request.cpu}m requested > ${quota.cpu}m`)
  if (quota.memory !== undefined && usage.memory + request.memory > quota.memory) {
    broken.push(`memory ${usage.memory} MB used + ${request.memory} MB requested > ${quota.memory} MB`)
  }
  return broken.length ? `quota of namespace ${namespace} exceeded: ${broken.join('; ')}` : null
}

export function addUsage(u: Usage, r: { cpu: number; memory: number }, sign: 1 | -1): Usage {
  return { pods: u.pods + sign, cpu: u.cpu + sign * r.cpu, memory: u.memory + sign * r.memory }
}
