/**
 * The pack contract: what a runtime hands a pack's `main`. One definition, used by the server's
 * agents (Node processes, browser workers), `stark pack run`, `stark pack init` and pack authors.
 *
 * Only globals every runtime has appear here (AbortSignal, functions), so the types hold in Node.js,
 * in a browser and in a worker alike.
 */

/** Where a pack may run: Node.js nodes, browser nodes, or both. */
export type PackRuntime = 'node' | 'browser' | 'universal'

/** The kind of node a pod runs on now. */
export type NodeRuntime = 'node' | 'browser'

/** The pod running this pack. */
export interface PodInfo {
  id: string
  name: string
  namespace: string
  /** The node it runs on (`local` under `stark pack run`). */
  nodeId: string
  /** Counts the times the pod was started again after a failure (0 the first time). */
  incarnation: number
}

/** The pack version running. */
export interface PackInfo {
  name: string
  version: string
}

/** The part of `ctx` that is plain data (it crosses from the agent to the pack's process or worker). */
export interface PackContextData {
  pod: PodInfo
  pack: PackInfo
  /** The pod's environment: `--env K=V` and the values of its secrets (`--secret NAME`). */
  env: Record<string, string>
  /** The pod's arguments (`--arg X`, or after `--`). */
  args: string[]
  runtime: NodeRuntime
}

/** What `main(ctx)` receives. */
export interface PackContext extends PackContextData {
  /** Aborted when the pod is asked to stop; return within the grace period (10 s by default). */
  signal: AbortSignal
  /** Writes one line to the pod's log, as `console.log` does. */
  log: (...args: unknown[]) => void
}

/** The DOM element type where the DOM library is loaded (a UI pack's tsconfig), `unknown` elsewhere. */
export type ViewElement = typeof globalThis extends { HTMLElement: { prototype: infer E } } ? E : unknown

/**
 * What a UI pack's `main` receives: a UI pack declares `export const view = true` and runs in a
 * visible, sandboxed frame on a browser node, owning that frame's document.
 */
export interface ViewContext extends PackContext {
  runtime: 'browser'
  /** The body of the pack's own document. */
  view: ViewElement
}

/** A pack's entry: `export default async function main(ctx) { … }`. Returning ends the pod Succeeded, throwing Failed. */
export type PackMain<Ctx extends PackContext = PackContext> = (ctx: Ctx) => unknown

/** The module a bundle must be. */
export interface PackModule {
  default: PackMain
  /** `true` for a UI pack. */
  view?: boolean
}

/** A pack that serves tells Stark it is ready by printing this line; a service counts it available from then on. */
export const READY_LINE = 'stark:ready'

/**
 * Types a pack's main without changing it: `export default definePack(async (ctx) => { … })`.
 * (Annotating `main(ctx: PackContext)` does the same.)
 */
export function definePack<Ctx extends PackContext = PackContext>(main: PackMain<Ctx>): PackMain<Ctx> {
  return main
}
