import type { NodeAffinity } from './affinity'
import type { Labels } from './labels'
import type { Toleration } from './taints'

/**
 * Where a pod may run and what it asks for, as a pod or a service is created with it (the CLI's
 * scheduling flags, the REST bodies): each left out takes the server's default.
 */
export interface PlacementInput {
  selector?: Labels | undefined
  tolerations?: Toleration[] | undefined
  /** Requests per pod: CPU in millicores, memory in MiB. */
  resources?: { cpu?: number | undefined; memory?: number | undefined } | undefined
  priority?: number | undefined
  /** A priority class name; the pod gets its value (not together with `priority`). */
  priorityClass?: string | undefined
  affinity?: NodeAffinity | undefined
}
