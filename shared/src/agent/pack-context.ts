/**
 * What every runtime hands a pack, built once: the plain-data part of its `ctx` (the runtime adds
 * `signal` and `log` where the pack runs), the shape of starting a pod, and the exit of a pack
 * that outlived its grace period.
 */
import type { NodeRuntime, PackContextData } from '../model/pack'
import type { PodAssignment } from '../protocol/messages'
import type { PodExit, PodIO, PodRun } from './runtime'

/** The plain-data part of a pack's ctx for one run (what crosses into a worker, frame or process). */
export function packContextData<R extends NodeRuntime>(
  a: PodAssignment,
  nodeId: string,
  runtime: R,
): PackContextData & { runtime: R } {
  return {
    pod: { id: a.podId, name: a.name, namespace: a.namespace, nodeId, incarnation: a.incarnation },
    pack: { name: a.pack.name, version: a.pack.version },
    env: { ...a.env },
    args: [...a.args],
    runtime,
  }
}

/** An executor's start: one run of an assigned pod from a loaded bundle (`B`: a path, source text). */
export type StartPod<B> = (assignment: PodAssignment, nodeId: string, bundle: B, io: PodIO) => PodRun

/** How a run ends that was ended the hard way when its grace period ran out. */
export const graceExpiredExit: PodExit = {
  status: 'Stopped',
  reason: 'Terminated',
  message: 'the pack did not end within its grace period',
}
