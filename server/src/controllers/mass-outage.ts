/**
 * The mass-outage guard: when more than `ratio` of the nodes drop within one detection window of
 * each other, the server is probably the one cut off, so node health pauses evictions. It can
 * never latch; it ends when
 *
 * - enough of the nodes it caught are back (`NodesRecovered`),
 * - the nodes still up have been stable — no node dropped — for `stableMs` (`NodesStable`),
 * - it has held for `maxMs` (`TimeLimit`), or
 * - an admin resumes evictions (`ResumedByAdmin`).
 *
 * Nodes that left on purpose (reason `Left`), deleted nodes and nodes still in their start-up
 * grace never count. After it ends, only nodes that drop later can start a new one.
 * Pure: the caller passes the nodes and the time.
 */
import type { NodeRecord } from '../store/records'

export interface MassOutageOptions {
  ratio: number
  /** Nodes dropping within this long of each other count as one outage (ms). */
  windowMs: number
  stableMs: number
  maxMs: number
}

export interface MassOutage {
  since: number
  /** When it ends at the latest (since + maxMs). */
  until: number
  /** The nodes it caught that are still down (names). */
  nodesDown: string[]
  /** Every node it caught (names). */
  nodes: string[]
}

/** What the REST layer and metrics read of node health. */
export interface NodeHealthView {
  massOutage(): MassOutage | null
  /** Ends a mass outage now (admins); false when there was none. */
  resumeEvictions(actorId: string): Promise<boolean>
}

export type OutageChange =
  | { kind: 'started'; outage: MassOutage }
  | { kind: 'ended'; outage: MassOutage; reason: 'NodesRecovered' | 'NodesStable' | 'TimeLimit' | 'ResumedByAdmin' }

export interface MassOutageInput {
  now: number
  nodes: ReadonlyMap<string, NodeRecord>
  /** When each node stopped being Ready. */
  notReadySince(id: string): number | undefined
  /** Nodes that do not count (still in their start-up grace). */
  ignored(id: string): boolean
}

const counts = (n: NodeRecord) => n.status === 'Ready' || n.statusReason !== 'Left'

export function createMassOutageGuard(o: MassOutageOptions) {
  let current: { since: number; caught: Map<string, string> } | undefined
  /** Drops at or before this time belong to an outage that already ended. */
  let endedAt = -Infinity
  /** The last time a counted node dropped. */
  let lastDropAt = -Infinity

  function view(nodes: ReadonlyMap<string, NodeRecord>): MassOutage | null {
    if (!current) return null
    const down = [...current.caught].filter(
      ([id]) => nodes.get(id)?.status !== 'Ready' && nodes.get(id)?.statusReason !== 'Left' && nodes.has(id),
    )
    return {
      since: current.since,
      until: current.since + o.maxMs,
      nodesDown: down.map(([, name]) => name).sort(),
      nodes: [...current.caught.values()].sort(),
    }
  }

  function end(
    nodes: ReadonlyMap<string, NodeRecord>,
    now: number,
    reason: Extract<OutageChange, { kind: 'ended' }>['reason'],
  ): OutageChange {
    const outage = view(nodes)!
    current = undefined
    endedAt = now
    return { kind: 'ended', outage, reason }
  }

  return {
    /** A counted node went from Ready to not Ready at `at`. */
    noteDrop(at: number) {
      lastDropAt = Math.max(lastDropAt, at)
    },
    /** Looks at the nodes now; returns what changed, if anything. */
    update(input: MassOutageInput): OutageChange | undefined {
      const { now, nodes } = input
      if (current) {
        const caught = [...current.caught.keys()].filter((id) => nodes.has(id) && counts(nodes.get(id)!))
        const stillDown = caught.filter((id) => nodes.get(id)!.status !== 'Ready').length
        if (caught.length === 0 || stillDown / caught.length <= o.ratio) return end(nodes, now, 'NodesRecovered')
        if (now - current.since >= o.maxMs) return end(nodes, now, 'TimeLimit')
        const anyUp = [...nodes.values()].some((n) => n.status === 'Ready')
        if (anyUp && now - Math.max(lastDropAt, current.since) >= o.stableMs) return end(nodes, now, 'NodesStable')
        return undefined
      }
      const recent = (id: string) => {
        const since = input.notReadySince(id) ?? now
        return since > endedAt && now - since <= o.windowMs
      }
      // Counted first without a copy: this runs on every health check, over every node.
      const isConsidered = (n: NodeRecord) => !input.ignored(n.id) && counts(n) && (n.status === 'Ready' || recent(n.id))
      let considered = 0
      let dropped = 0
      for (const n of nodes.values()) {
        if (!isConsidered(n)) continue
        considered++
        if (n.status !== 'Ready') dropped++
      }
      if (considered < 3 || dropped / considered <= o.ratio) return undefined
      current = { since: now, caught: new Map([...nodes.values()].filter(isConsidered).map((n) => [n.id, n.name])) }
      return { kind: 'started', outage: view(nodes)! }
    },
    /** Ends the outage now (an admin resumed evictions). */
    resume(nodes: ReadonlyMap<string, NodeRecord>, now: number): OutageChange | undefined {
      return current ? end(nodes, now, 'ResumedByAdmin') : undefined
    },
    get active() {
      return current !== undefined
    },
    view,
  }
}
export type MassOutageGuard = ReturnType<typeof createMassOutageGuard>
