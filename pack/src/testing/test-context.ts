/**
 * A `ctx` for unit tests: the same shape a node hands a pack, with its log lines kept in memory and
 * its signal under the test's control. No cluster, no process, no browser.
 */
import type { NodeRuntime, PackContext, PackInfo, PodInfo } from '../context'
import { formatLine } from './format'

export interface TestContextOptions {
  env?: Record<string, string>
  args?: string[]
  runtime?: NodeRuntime
  pod?: Partial<PodInfo>
  pack?: Partial<PackInfo>
  /** Called with every line the pack logs through `ctx.log`. */
  onLine?: (line: string) => void
}

export interface TestContext extends PackContext {
  /** Every line logged through `ctx.log` so far. */
  readonly lines: string[]
  /** Aborts `ctx.signal`, as a node does when the pod is stopped. */
  stop(reason?: unknown): void
}

export function testContext(options: TestContextOptions = {}): TestContext {
  const controller = new AbortController()
  const lines: string[] = []
  return {
    pod: { id: 'pod-test', name: 'test', namespace: 'default', nodeId: 'local', incarnation: 0, ...options.pod },
    pack: { name: 'test', version: '0.0.0', ...options.pack },
    env: { ...options.env },
    args: [...(options.args ?? [])],
    runtime: options.runtime ?? 'node',
    signal: controller.signal,
    log: (...args: unknown[]) => {
      for (const line of formatLine(args).split('\n')) {
        lines.push(line)
        options.onLine?.(line)
      }
    },
    lines,
    stop: (reason?: unknown) => controller.abort(reason),
  }
}
