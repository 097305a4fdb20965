/**
 * `stark pack run --runtime node`: the Node agent's own process executor, without an agent or a
 * server. The pack runs as it would on a node: its own process under Node's permission model, an
 * empty environment but the pod's, the pod network guard, the same `ctx`, the same grace period.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProcessExecutor, type PodNetwork } from '@stark/node-node'
import { realClock, silentLogger, type PodAssignment } from '@stark/shared'
import { LOCAL_NODE_ID, type LineSink, type LocalRun } from './local-pod'

export interface NodeRunOptions {
  /** What the pack may connect to (default 'default', as on a node: nothing on this machine, no link-local addresses). */
  network?: PodNetwork
}

export async function runOnNode(
  assignment: PodAssignment,
  code: string,
  sink: LineSink,
  options: NodeRunOptions = {},
): Promise<LocalRun> {
  const dir = await mkdtemp(join(tmpdir(), 'stark-pack-run-'))
  const bundle = join(dir, 'pack.mjs')
  await writeFile(bundle, code)
  const executor = createProcessExecutor({
    clock: realClock,
    log: silentLogger,
    warmPool: 0,
    network: options.network ?? 'default',
    baseDir: dir,
  })
  const run = executor.start(assignment, LOCAL_NODE_ID, bundle, { log: sink })
  return {
    done: run.done,
    stop: (gracePeriodMs) => run.stop(gracePeriodMs),
    async close() {
      executor.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
