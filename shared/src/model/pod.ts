import { z } from 'zod'

export const podStatuses = ['Pending', 'Scheduled', 'Running', 'Stopping', 'Stopped', 'Succeeded', 'Failed'] as const
export type PodStatus = (typeof podStatuses)[number]
export const podStatus = z.enum(podStatuses)

export const TERMINAL_POD_STATUSES: ReadonlySet<PodStatus> = new Set(['Stopped', 'Succeeded', 'Failed'])
export const isTerminal = (s: PodStatus) => TERMINAL_POD_STATUSES.has(s)

/** A pod holds node capacity from the moment it is bound until it ends. */
export const holdsCapacity = (s: PodStatus) => s === 'Scheduled' || s === 'Running' || s === 'Stopping'

export const restartPolicies = ['Never', 'OnFailure', 'Always'] as const
export type RestartPolicy = (typeof restartPolicies)[number]
export const restartPolicy = z.enum(restartPolicies)

/** What an agent may report about a pod it runs. */
export const reportedPodStatuses = ['Running', 'Succeeded', 'Failed', 'Stopped'] as const
export type ReportedPodStatus = (typeof reportedPodStatuses)[number]

export const envSchema = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'invalid environment variable name')
      .max(128),
    z.string().max(32_768),
  )
  .refine((e) => Object.keys(e).length <= 256, 'at most 256 environment variables')

export const argsSchema = z.array(z.string().max(4096)).max(256)

export function parseEnvPair(text: string): [string, string] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new Error(`env "${text}" must look like NAME=value`)
  return [text.slice(0, eq), text.slice(eq + 1)]
}
