/**
 * A node's word about its pods is judged against this server's memory, which lags the other
 * servers' writes by a moment: a node that has just moved here reports runs another server gave it
 * a moment ago. Judged on a memory without them, such a run would be stopped as superseded (or
 * its report ignored). So before a report naming a pod this server does not know on that node
 * and run is judged, that pod's row is read back; a report that agrees with memory costs nothing.
 */
import type { Payload } from '@stark/shared'
import type { NodeOps } from '../nodes/node-ops'
import type { ClusterState } from '../state/cluster-state'

export interface CatchUpDeps {
  state: ClusterState
  /** Reads these pods' rows back into memory (through the write queue). */
  readBack(podIds: readonly string[]): Promise<void>
}

type Reported = readonly { podId: string; incarnation: number }[] | undefined

/** The pods of a report that memory does not hold on `nodeId` at the reported run. */
export function unknownRuns(state: ClusterState, nodeId: string | undefined, reported: Reported): string[] {
  if (!nodeId || !reported || reported.length === 0) return []
  // The runs holding capacity on the node answer most reports without a lookup in the whole map.
  const held = state.views.allocation(nodeId).pods
  let unknown: string[] | undefined
  for (const r of reported) {
    if (held.get(r.podId)?.incarnation === r.incarnation) continue
    const pod = state.pods.get(r.podId)
    if (!pod || pod.nodeId !== nodeId || pod.incarnation !== r.incarnation) (unknown ??= []).push(r.podId)
  }
  return unknown ?? []
}

/** The node operations, each report caught up with the database first where memory disagrees with it. */
export function withCatchUp(nodes: NodeOps, deps: CatchUpDeps): NodeOps {
  const catchUp = async (nodeId: string | undefined, reported: Reported) => {
    const ids = unknownRuns(deps.state, nodeId, reported)
    if (ids.length > 0) await deps.readBack(ids)
  }
  const register: NodeOps['register'] = async (principal, p, socket, reply) => {
    await catchUp(p.nodeId, p.pods)
    return nodes.register(principal, p, socket, reply)
  }
  const heartbeat: NodeOps['heartbeat'] = async (nodeId, p: Payload<'node:heartbeat'>) => {
    await catchUp(nodeId, p.pods)
    return nodes.heartbeat(nodeId, p)
  }
  const podStatus: NodeOps['podStatus'] = async (nodeId, report) => {
    await catchUp(nodeId, [report])
    return nodes.podStatus(nodeId, report)
  }
  return { ...nodes, register, heartbeat, podStatus }
}
