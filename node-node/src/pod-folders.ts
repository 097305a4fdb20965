/**
 * The pod processes' base folder (`<tmp>/stark-pods-*`: the runner files and one slot per pod), and
 * the sweep of those an agent left behind. An agent that stops removes its own; one that is killed
 * (SIGKILL, a crash, the machine's OOM killer) cannot, and its pods end with it (they lose their IPC
 * channel), so the folder would stay until the machine's temp folder is cleared.
 *
 * Each folder holds an `owner` file: the agent's pid, when that process started (Linux: its start
 * time in clock ticks since boot, which tells a reused pid apart) and its pid namespace. An agent
 * starting sweeps the folders whose owner is gone. It only ever removes real directories owned by
 * its own user and holding an owner file written in its own pid namespace: a temp folder is
 * shared, and anything else there (another user's folder, a symbolic link planted by one, an older
 * agent's folder without an owner, the folder of an agent in another container sharing the temp
 * folder, whose pid means nothing here) is left alone.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '@stark/shared'
import { statFields } from './proc-stats'

export const POD_BASE_PREFIX = 'stark-pods-'
const OWNER_FILE = 'owner'

export interface FolderOwner {
  pid: number
  /** When that process started ('' where it cannot be read): a pid reused later starts later. */
  started: string
  /** Its pid namespace (Linux, e.g. `pid:[4026531836]`; '' where it cannot be read). */
  pidNamespace: string
}

/** This process's pid namespace ('' where it cannot be read). */
export function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid')
  } catch {
    return ''
  }
}

/** The start time of a running process (Linux, /proc/<pid>/stat field 22), '' where unknown. */
export function processStarted(pid: number): string {
  try {
    return statFields(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[22 - 3] ?? ''
  } catch {
    return ''
  }
}

/**
 * Whether the process that wrote `owner` may still run: a process of another user counts as
 * running, and so does one whose pid cannot be checked from here (another pid namespace).
 */
export function ownerAlive(owner: FolderOwner, here = pidNamespace()): boolean {
  if (!here || owner.pidNamespace !== here) return true
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const started = processStarted(owner.pid)
  return !owner.started || !started || started === owner.started
}

function readOwner(dir: string): FolderOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Partial<FolderOwner>
    if (!Number.isInteger(owner.pid) || (owner.pid as number) <= 0) return undefined
    const text = (v: unknown) => (typeof v === 'string' ? v : '')
    return { pid: owner.pid as number, started: text(owner.started), pidNamespace: text(owner.pidNamespace) }
  } catch {
    return undefined
  }
}

/** Makes this agent's base folder in `root`, with its owner file. */
export function createPodBase(root: string, pid = process.pid): string {
  const dir = mkdtempSync(join(root, POD_BASE_PREFIX))
  const owner: FolderOwner = { pid, started: processStarted(pid), pidNamespace: pidNamespace() }
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner))
  return dir
}

export interface SweepOptions {
  log: Logger
  /** Whether an owner still runs (default: ownerAlive, in this process's pid namespace). */
  alive?: (owner: FolderOwner) => boolean
  /** This agent's user (default: process.getuid); only its own folders are removed. */
  uid?: number
}

/** Removes the base folders in `root` whose agent is gone; returns the paths removed. */
export function sweepStalePodBases(root: string, options: SweepOptions): string[] {
  const here = pidNamespace()
  const alive = options.alive ?? ((owner: FolderOwner) => ownerAlive(owner, here))
  const uid = options.uid ?? process.getuid?.()
  let names: string[]
  try {
    names = readdirSync(root).filter((name) => name.startsWith(POD_BASE_PREFIX))
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const dir = join(root, name)
    try {
      const stat = lstatSync(dir)
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue
      const owner = readOwner(dir)
      if (!owner || alive(owner)) continue
      rmSync(dir, { recursive: true, force: true })
      removed.push(dir)
    } catch (error) {
      options.log.warn('could not remove a stopped agent’s pod folder', { path: dir, error: (error as Error).message })
    }
  }
  if (removed.length > 0) options.log.info('removed the pod folders of agents that are gone', { count: removed.length })
  return removed
}
