/**
 * The page `stark pack run --runtime browser` opens in headless Chromium: the browser node's own
 * executor (a worker in a sandboxed, opaque-origin frame, or a visible frame for a UI pack) with no
 * agent and no server. The CLI drives it through `window.starkLocalRun` and hears the pod's output
 * and end through the functions it exposes on the page (`starkLine`, `starkDone`).
 */
import { realClock, type PodAssignment, type PodExit, type PodRun } from '@stark/shared'
import { consoleLogger } from './app/console-logger'
import { createSandboxExecutor } from './runtime/sandbox-executor'
import { loadWorkerSource } from './runtime/runtime'

interface LocalRunHost {
  starkLine?: (stream: 'stdout' | 'stderr', line: string) => void
  starkDone?: (exit: PodExit) => void
  starkLocalRun?: { start(source: string, assignment: PodAssignment, nodeId: string): void; stop(gracePeriodMs: number): void }
}

const host = window as unknown as LocalRunHost
const executor = createSandboxExecutor({
  clock: realClock,
  log: consoleLogger({}, 'warn'),
  workerSource: loadWorkerSource('/pack-worker.js'),
  container: () => document.getElementById('sandboxes')!,
  views: () => document.getElementById('views')!,
})
let run: PodRun | undefined

host.starkLocalRun = {
  start(source, assignment, nodeId) {
    if (run) throw new Error('a pack is running already')
    run = executor.start(assignment, nodeId, source, { log: (stream, line) => host.starkLine?.(stream, line) })
    void run.done.then((exit) => host.starkDone?.(exit))
  },
  stop(gracePeriodMs) {
    run?.stop(gracePeriodMs)
  },
}
