import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@stark/shared'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPodBase, ownerAlive, pidNamespace, POD_BASE_PREFIX, processStarted, sweepStalePodBases } from './pod-folders'

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

const here = pidNamespace()
let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stark-pod-folders-test-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function folder(name: string, owner?: unknown): string {
  const dir = join(root, POD_BASE_PREFIX + name)
  mkdirSync(join(dir, 'pod-1'), { recursive: true })
  writeFileSync(join(dir, 'pod-1', 'pack.mjs'), 'export default () => {}')
  if (owner !== undefined) writeFileSync(join(dir, 'owner'), JSON.stringify(owner))
  return dir
}

describe('pod base folders', () => {
  it('records the agent that made the folder, with its start time', () => {
    const dir = createPodBase(root)
    expect(dir.startsWith(join(root, POD_BASE_PREFIX))).toBe(true)
    const owner = JSON.parse(readFileSync(join(dir, 'owner'), 'utf8'))
    expect(owner.pid).toBe(process.pid)
    if (process.platform === 'linux') {
      expect(owner.started).toMatch(/^\d+$/)
      expect(owner.pidNamespace).toMatch(/^pid:\[\d+\]$/)
    }
    expect(ownerAlive(owner)).toBe(true)
  })

  it.runIf(process.platform === 'linux')('tells a process that has exited, and a reused pid, from one that runs', () => {
    expect(ownerAlive({ pid: deadPid(), started: '', pidNamespace: here })).toBe(false)
    expect(ownerAlive({ pid: process.pid, started: processStarted(process.pid), pidNamespace: here })).toBe(true)
    expect(ownerAlive({ pid: process.pid, started: '1', pidNamespace: here })).toBe(false)
  })

  it.runIf(process.platform === 'linux')('sweeps the folders of agents that are gone and leaves every other one alone', () => {
    const gone = folder('gone', { pid: deadPid(), started: '', pidNamespace: here })
    const mine = createPodBase(root)
    const running = folder('running', { pid: process.pid, started: processStarted(process.pid), pidNamespace: here })
    const ownerless = folder('older') // an agent from before owner files: cannot tell, so kept
    const garbled = folder('garbled', 'not an owner')
    // A link planted in the shared temp folder, to a folder whose owner is gone: neither is touched.
    const target = mkdtempSync(join(tmpdir(), 'stark-pod-folders-target-'))
    writeFileSync(join(target, 'owner'), JSON.stringify({ pid: deadPid(), started: '', pidNamespace: here }))
    symlinkSync(target, join(root, `${POD_BASE_PREFIX}link`))
    try {
      const removed = sweepStalePodBases(root, { log: silentLogger })
      expect(removed).toEqual([gone])
      expect(existsSync(gone)).toBe(false)
      expect(existsSync(join(mine, 'owner'))).toBe(true)
      for (const kept of [running, ownerless, garbled]) expect(existsSync(join(kept, 'pod-1'))).toBe(true)
      expect(existsSync(join(target, 'owner'))).toBe(true)
    } finally {
      rmSync(target, { recursive: true, force: true })
    }
  })

  it.runIf(process.platform === 'linux')(
    'leaves alone a folder written in another pid namespace, whose pid means nothing here',
    () => {
      const elsewhere = folder('other-container', { pid: deadPid(), started: '', pidNamespace: 'pid:[1]' })
      const unknown = folder('no-namespace', { pid: deadPid(), started: '' })
      expect(sweepStalePodBases(root, { log: silentLogger })).toEqual([])
      expect(existsSync(elsewhere)).toBe(true)
      expect(existsSync(unknown)).toBe(true)
    },
  )

  it('leaves folders of another user alone', () => {
    const gone = folder('other-user', { pid: deadPid(), started: '', pidNamespace: here })
    const uid = (process.getuid?.() ?? 0) + 1
    expect(sweepStalePodBases(root, { log: silentLogger, uid })).toEqual([])
    expect(existsSync(gone)).toBe(true)
  })

  it('sweeps nothing from a temp folder that cannot be read', () => {
    expect(sweepStalePodBases(join(root, 'missing'), { log: silentLogger })).toEqual([])
  })
})
