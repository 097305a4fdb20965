/**
 * What pods and nodes used over the last minutes, from the usage their nodes report in heartbeats:
 * a bounded ring of samples per pod and per node, in memory only (a restarted server starts empty).
 * A node's sample is the sum over the pods it reported in that heartbeat (plus what it reported
 * using itself beside them). Samples in the same
 * `minStepMs` step of the clock replace one another; samples older than `windowMs` are dropped, and so are
 * the rings of pods and nodes that reported nothing for that long.
 */
import type { Clock } from '@stark/shared'

/** One sample: when (epoch ms), CPU (millicores), memory (MB). */
export type UsageSample = readonly [at: number, cpu: number, memory: number]

export interface UsageHistoryOptions {
  /** How far back samples are kept (ms). */
  windowMs: number
  /** At most one sample per this many ms per ring (the later one wins). */
  minStepMs: number
}

export const DEFAULT_USAGE_HISTORY: UsageHistoryOptions = { windowMs: 15 * 60_000, minStepMs: 5000 }

/**
 * A bounded ring of samples, three numbers each in one Float64Array (no object per sample: a
 * node heartbeats every few seconds, and 10,000 nodes kept 15 minutes of samples as arrays took
 * ~14 KB each). The array starts small and doubles up to `capacity`.
 */
class Ring {
  private data: Float64Array
  private start = 0
  private size = 0
  constructor(private readonly capacity: number) {
    this.data = new Float64Array(3 * Math.min(capacity, 8))
  }
  private get slots(): number {
    return this.data.length / 3
  }
  private at(i: number): number {
    return ((this.start + i) % this.slots) * 3
  }
  get last(): UsageSample | undefined {
    if (!this.size) return undefined
    const o = this.at(this.size - 1)
    return [this.data[o]!, this.data[o + 1]!, this.data[o + 2]!]
  }
  /** When the newest sample was taken (0 when none). */
  get lastAt(): number {
    return this.size ? this.data[this.at(this.size - 1)]! : 0
  }
  private put(i: number, s: UsageSample) {
    const o = this.at(i)
    this.data[o] = s[0]
    this.data[o + 1] = s[1]
    this.data[o + 2] = s[2]
  }
  push(s: UsageSample, minStepMs: number) {
    // One sample per step of the clock (the later one wins), so reports more often than the step still advance.
    if (this.size && Math.floor(s[0] / minStepMs) === Math.floor(this.lastAt / minStepMs)) return this.put(this.size - 1, s)
    if (this.size === this.slots && this.slots < this.capacity) {
      const grown = new Float64Array(3 * Math.min(this.capacity, this.slots * 2))
      for (let i = 0; i < this.size; i++) grown.set(this.data.subarray(this.at(i), this.at(i) + 3), i * 3)
      this.data = grown
      this.start = 0
    }
    if (this.size < this.slots) this.size++
    else this.start = (this.start + 1) % this.slots
    this.put(this.size - 1, s)
  }
  since(from: number): UsageSample[] {
    const out: UsageSample[] = []
    for (let i = 0; i < this.size; i++) {
      const o = this.at(i)
      if (this.data[o]! >= from) out.push([this.data[o]!, this.data[o + 1]!, this.data[o + 2]!])
    }
    return out
  }
}

/** Averages `samples` into at most `points` buckets of equal count (the last one keeps its time). */
export function downsample(samples: readonly UsageSample[], points: number): UsageSample[] {
  if (samples.length <= points) return [...samples]
  const out: UsageSample[] = []
  for (let b = 0; b < points; b++) {
    const from = Math.floor((b * samples.length) / points)
    const to = Math.floor(((b + 1) * samples.length) / points)
    let cpu = 0
    let memory = 0
    for (let i = from; i < to; i++) {
      cpu += samples[i]![1]
      memory += samples[i]![2]
    }
    const n = to - from
    out.push([samples[to - 1]![0], Math.round(cpu / n), Math.round(memory / n)])
  }
  return out
}

export function createUsageHistory(clock: Clock, options: UsageHistoryOptions = DEFAULT_USAGE_HISTORY) {
  const capacity = Math.ceil(options.windowMs / options.minStepMs) + 1
  const pods = new Map<string, Ring>()
  const nodes = new Map<string, Ring>()
  let sweptAt = 0

  const add = (rings: Map<string, Ring>, id: string, s: UsageSample) => {
    let r = rings.get(id)
    if (!r) rings.set(id, (r = new Ring(capacity)))
    r.push(s, options.minStepMs)
  }
  /** Forgets rings whose newest sample has left the window (at most once per window step). */
  function sweep(now: number) {
    if (now - sweptAt < options.minStepMs) return
    sweptAt = now
    for (const rings of [pods, nodes]) for (const [id, r] of rings) if (r.lastAt < now - options.windowMs) rings.delete(id)
  }

  return {
    /**
     * A node's heartbeat: one sample per reported pod and one for the node (their sum, plus the
     * memory the node reported for itself beside its pods, as a browser page does).
     */
    record(nodeId: string, usage: readonly { podId: string; cpu: number; memory: number }[], own?: { memory: number }) {
      const now = clock.now()
      let cpu = 0
      let memory = own?.memory ?? 0
      for (const u of usage) {
        add(pods, u.podId, [now, u.cpu, u.memory])
        cpu += u.cpu
        memory += u.memory
      }
      add(nodes, nodeId, [now, cpu, memory])
      sweep(now)
    },
    /** A pod's samples within the window, oldest first (at most `points`, averaged). */
    pod: (podId: string, points = capacity) => downsample(pods.get(podId)?.since(clock.now() - options.windowMs) ?? [], points),
    node: (nodeId: string, points = capacity) =>
      downsample(nodes.get(nodeId)?.since(clock.now() - options.windowMs) ?? [], points),
    /** How many rings are held (pods, nodes). */
    get size() {
      return { pods: pods.size, nodes: nodes.size }
    },
    windowMs: options.windowMs,
  }
}
export type UsageHistory = ReturnType<typeof createUsageHistory>
