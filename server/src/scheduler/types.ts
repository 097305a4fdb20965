/**
 * The scheduler's vocabulary. A plugin filters (hard constraint, with a reason when it rejects)
 * and/or scores (soft preference) one node for one pod, reading only the snapshot it is given.
 */
import type { Resources } from '@stark/shared'
import type { NodeRecord, PackRecord, PodRecord } from '../store/records'

/** The scheduler's view of one node: the record plus what is already placed on it. */
export interface NodeInfo {
  node: NodeRecord
  /** Requests of the pods holding capacity here (pods counts them). */
  allocated: Resources
  /** Pods holding capacity here, by id (for preemption and spreading). */
  pods: Map<string, PodRecord>
}

/** A pod to place, with what the plugins need to know about it. */
export interface PodToSchedule {
  pod: PodRecord
  pack: PackRecord
  /**
   * When this pod's NoExecute toleration clocks started, by `tolerationClockKey(nodeId, taint)`
   * (epoch ms), and the time of the decision: a toleration used up on a node keeps the pod off it.
   */
  tolerationClocks?: ReadonlyMap<string, number>
  now?: number
}

export type FilterResult =
  | { ok: true }
  | {
      ok: false
      /** Short, countable reason, e.g. "insufficient memory". */
      reason: string
      /** Further reasons the same node fails for (e.g. memory as well as cpu), each counted too. */
      also?: readonly string[]
      /** True when no preemption could ever help (wrong runtime, selector mismatch…). */
      unresolvable?: boolean
    }

export const FIT: FilterResult = { ok: true }

export interface Snapshot {
  /** Every node the scheduler knows, in a stable order. */
  readonly nodes: readonly NodeInfo[]
  get(nodeId: string): NodeInfo | undefined
}

export interface SchedulerPlugin {
  readonly name: string
  /**
   * Asked once per pod before filtering: false means this filter would pass every node for this
   * pod (e.g. it has no selector), so the framework skips it (Kubernetes' PreFilter "Skip").
   */
  preFilter?(pod: PodToSchedule): boolean
  filter?(pod: PodToSchedule, node: NodeInfo): FilterResult
  /** A raw score; higher is better unless `normalize` is 'reverse'. */
  score?(pod: PodToSchedule, node: NodeInfo): number
  /**
   * Asked once per pod before scoring: false means this plugin would score every node alike for
   * this pod (e.g. no preferred affinity terms), so the framework skips it. Absent: always score.
   */
  preScore?(pod: PodToSchedule): boolean
  /**
   * How raw scores become 0..100: 'none' (already 0..100), 'max' (divide by the best),
   * 'reverse' (fewer is better: 100 for the lowest count).
   */
  normalize?: 'none' | 'max' | 'reverse'
  /**
   * A node that passes the filters but should be used only when no other feasible node does
   * (e.g. a NoExecute taint the pod tolerates only for a limited time): true puts it last.
   */
  lastResort?(pod: PodToSchedule, node: NodeInfo): boolean
}

export interface WeightedPlugin {
  plugin: SchedulerPlugin
  weight: number
}

export interface Diagnosis {
  /** Kubernetes-style: "0/5 nodes available: 3 untolerated taint {gpu: true}, 2 insufficient memory." */
  message: string
  /** How many nodes each reason rejected. */
  reasons: Record<string, number>
  /** Nodes rejected only for reasons preemption might resolve. */
  resolvableNodeIds: string[]
}

export type ScheduleResult =
  | { ok: true; nodeId: string; score: number; scores: Record<string, number>; feasible: number; evaluated: number }
  | { ok: false; diagnosis: Diagnosis }
