/** What users ask of a service: the inputs of create and update. */
import type { Labels, NodeAffinity, Toleration } from '@stark/shared'

export interface ServiceStrategyInput {
  followLatest?: boolean | undefined
  maxSurge?: number | undefined
  maxUnavailable?: number | undefined
  minReadySeconds?: number | undefined
}

export interface CreateServiceInput extends ServiceStrategyInput {
  name: string
  namespace?: string | undefined
  pack: string
  version?: string | undefined
  /** 0 means DaemonSet mode (one pod per matching node), as does `daemonset: true`. */
  replicas?: number | undefined
  daemonset?: boolean | undefined
  /** The service's labels (its pods carry them plus `stark.io/service=<name>`). */
  labels?: Labels | undefined
  selector?: Labels | undefined
  tolerations?: Toleration[] | undefined
  affinity?: NodeAffinity | undefined
  resources?: { cpu?: number | undefined; memory?: number | undefined } | undefined
  priority?: number | undefined
  priorityClass?: string | undefined
  env?: Record<string, string> | undefined
  args?: string[] | undefined
}

export interface UpdateServiceInput extends ServiceStrategyInput {
  pack?: string | undefined
  version?: string | undefined
  /** New labels for the service, set on its pods at once (replacing the old ones). */
  labels?: Labels | undefined
}
