/**
 * The running fleet's record: `$STARK_HOME/fleet.json` (pid of `stark fleet run`, its nodes, and
 * whether they have all joined), written by the runner, read by `fleet start` and `fleet stop`.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface FleetState {
  pid: number
  apiUrl: string
  count: number
  names: string[]
  joined: number
  ready: boolean
  error?: string
  startedAt: string
  log: string
}

export const fleetFile = (home: string) => join(home, 'fleet.json')
export const fleetLog = (home: string) => join(home, 'fleet.log')

export function readFleet(home: string): FleetState | undefined {
  const path = fleetFile(home)
  if (!existsSync(path)) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FleetState
  } catch {
    return undefined
  }
}

export function writeFleet(home: string, state: FleetState): void {
  const tmp = `${fleetFile(home)}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 })
  renameSync(tmp, fleetFile(home))
}

export const removeFleet = (home: string) => rmSync(fleetFile(home), { force: true })

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
