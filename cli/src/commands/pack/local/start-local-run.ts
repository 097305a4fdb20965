/** Starts one local run of a bundle on the runtime asked for. */
import type { NodeRuntime } from '@stark/shared'
import type { CliContext } from '../../../lib/context'
import { DEFAULT_CHROMIUM, runInBrowser } from './browser-runner'
import { localAssignment, type LineSink, type LocalPodSpec, type LocalRun } from './local-pod'
import { runOnNode } from './node-runner'

export interface LocalRunOptions {
  ctx: CliContext
  spec: Omit<LocalPodSpec, 'sha256'>
  sha256: string
  code: string
  sink: LineSink
  runtime: NodeRuntime
  incarnation: number
  network?: 'default' | 'restricted' | 'open' | undefined
  headed?: boolean
}

export function startLocalRun(o: LocalRunOptions): Promise<LocalRun> {
  const assignment = localAssignment({ ...o.spec, sha256: o.sha256 }, o.incarnation)
  if (o.runtime === 'browser')
    return runInBrowser(assignment, o.code, o.sink, {
      chromiumPath: o.ctx.env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
      ...(o.headed ? { headed: true } : {}),
    })
  return runOnNode(assignment, o.code, o.sink, o.network ? { network: o.network } : {})
}
