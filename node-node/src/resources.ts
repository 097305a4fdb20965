/**
 * What this machine offers the cluster unless told otherwise: every CPU (in millicores), the memory
 * less a reserve for the agent and the system, and Kubernetes' default of 110 pods.
 */
import { availableParallelism, totalmem } from 'node:os'
import type { Resources } from '@stark/shared'

export interface HostFacts {
  cpus: number
  totalMemoryMb: number
}

export const hostFacts = (): HostFacts => ({
  cpus: availableParallelism(),
  totalMemoryMb: Math.floor(totalmem() / (1024 * 1024)),
})

export const DEFAULT_MAX_PODS = 110

/** Memory kept back: 10 % of the machine, at least 256 MB and at most 2 GB. */
export const memoryReserveMb = (totalMb: number) => Math.min(2048, Math.max(256, Math.round(totalMb * 0.1)))

export function defaultAllocatable(overrides: Partial<Resources> = {}, host: HostFacts = hostFacts()): Resources {
  return {
    cpu: overrides.cpu ?? host.cpus * 1000,
    memory: overrides.memory ?? Math.max(0, host.totalMemoryMb - memoryReserveMb(host.totalMemoryMb)),
    pods: overrides.pods ?? DEFAULT_MAX_PODS,
  }
}
