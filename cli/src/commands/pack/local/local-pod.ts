/**
 * One run of a pack on this machine (`stark pack run`): the assignment a node would receive, made
 * up locally, and the handle both local runners (Node process, headless Chromium) return.
 */
import { randomUUID } from 'node:crypto'
import { DEFAULT_POD_REQUEST, type PackRuntime, type PodAssignment, type PodExit } from '@stark/shared'

export interface LocalRun {
  /** Settles once the pack has returned, thrown, been stopped or died (never rejects). */
  done: Promise<PodExit>
  /** Aborts the pack's signal; after `gracePeriodMs` it is terminated. */
  stop(gracePeriodMs: number): void
  /** Releases what the runner holds (processes, the browser). */
  close(): Promise<void>
}

export interface LocalPodSpec {
  name: string
  version: string
  runtime: PackRuntime
  sha256: string
  env: Record<string, string>
  args: string[]
}

/** The node id a local run reports as `ctx.pod.nodeId`. */
export const LOCAL_NODE_ID = 'local'

export function localAssignment(spec: LocalPodSpec, incarnation: number): PodAssignment {
  return {
    podId: randomUUID(),
    name: `${spec.name}-local`,
    namespace: 'local',
    incarnation,
    pack: { name: spec.name, version: spec.version, sha256: spec.sha256, runtime: spec.runtime },
    env: { ...spec.env },
    args: [...spec.args],
    resources: { ...DEFAULT_POD_REQUEST },
  }
}

/** Where a local pod's output goes, line by line. */
export type LineSink = (stream: 'stdout' | 'stderr', line: string) => void
