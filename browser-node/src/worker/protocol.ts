/**
 * What passes between the page, the sandbox frame and a pack worker. Plain data only: the page
 * never exposes an object to pack code (Comlink runs one way, the page wraps the worker), and it
 * checks every log message it receives.
 */
import type { PackContextData as StarkPackContextData } from '@stark/pack'

/** The plain-data part of a pack's ctx (the contract in @stark/pack), as a browser node fills it. */
export type PackContextData = StarkPackContextData & { runtime: 'browser' }

export interface PackResult {
  /** `NeedsView`: the pack declared `export const view = true`; it was not started here. */
  status: 'Succeeded' | 'Failed' | 'NeedsView'
  message?: string
}

/** The worker's API, exposed with Comlink on a MessagePort and wrapped by the page. */
export interface PackWorkerApi {
  run(source: string, ctx: PackContextData): Promise<PackResult>
  /** Aborts ctx.signal; says whether the pack's main had begun (false: it never will, end the pod). */
  abort(): boolean
}

/** Page → sandbox frame: start a worker from this source and connect it to these ports. */
export interface SandboxStart {
  type: 'stark:start'
  workerSource: string
  name: string
}
/** Page → sandbox frame: end the worker now. */
export interface SandboxTerminate {
  type: 'stark:terminate'
}
/** Sandbox frame → worker: the ports (api, logs) to talk to the page on. */
export interface WorkerConnect {
  type: 'stark:connect'
}

export interface LogMessage {
  stream: 'stdout' | 'stderr'
  line: string
}

export const MAX_LINE = 16_384

/** Checks what a (possibly hostile) worker posted as a log line. */
export function asLogMessage(data: unknown): LogMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const { stream, line } = data as Record<string, unknown>
  if ((stream !== 'stdout' && stream !== 'stderr') || typeof line !== 'string') return undefined
  return { stream, line: line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line }
}

/** Worker → page, on the log port about once a second: its busy sampler's counts so far. */
export interface UsageMessage {
  usage: { checks: number; busy: number }
}

/** Checks what a (possibly hostile) worker posted as its usage counts. */
export function asUsageMessage(data: unknown): UsageMessage['usage'] | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const u = (data as { usage?: unknown }).usage
  if (typeof u !== 'object' || u === null) return undefined
  const { checks, busy } = u as Record<string, unknown>
  const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
  return count(checks) && count(busy) ? { checks, busy } : undefined
}
