import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { silentLogger } from '@stark/shared'
import { describe, expect, it, vi } from 'vitest'
import { pidNamespace } from './pod-folders'
import { createPodProcessPool, permissionFlag, podProcessFlags, type PodProcess, type PodProcessPool } from './pod-process-pool'
import { niceOf } from './testing/nice'

describe('pod process flags', () => {
  it.each([
    { node: 'Node 20 (experimental only)', flags: ['--experimental-permission'], want: '--experimental-permission' },
    { node: 'Node 22 (both)', flags: ['--experimental-permission', '--permission'], want: '--permission' },
    { node: 'Node 24 (stable only)', flags: ['--permission'], want: '--permission' },
  ])('uses the permission flag $node knows', ({ flags, want }) => {
    expect(permissionFlag(new Set(flags))).toBe(want)
  })

  it('turns on the permission model for this Node, with reads limited to the runner files and the slot', () => {
    const flags = podProcessFlags(['/r/pod-process.mjs'], '/pods/slot-1', 64)
    expect(flags[0]).toBe(permissionFlag())
    expect(flags).toContain('--allow-fs-read=/r/pod-process.mjs')
    expect(flags).toContain('--allow-fs-read=/pods/slot-1')
    expect(flags).toContain('--max-old-space-size=64')
    expect(flags).toContain('--v8-pool-size=1')
    expect(flags.some((f) => f.startsWith('--allow-fs-write') || f.startsWith('--allow-child-process'))).toBe(false)
  })
})

/** Ends the pods' processes (waiting for each exit), their folders, the pool and its base folder. */
async function endAll(pool: PodProcessPool, taken: PodProcess[]): Promise<void> {
  await Promise.all(
    taken.map(
      (p) =>
        new Promise((resolve) =>
          p.child.exitCode !== null ? resolve(null) : (p.child.once('exit', resolve), p.child.kill('SIGKILL')),
        ),
    ),
  )
  for (const p of taken) p.cleanup()
  pool.close()
  pool.removeBase()
}

/** child_process.spawn, counting the processes it starts. */
function countingSpawn(): { spawned: number; spawn: typeof spawn } {
  const counted: { spawned: number; spawn: typeof spawn } = {
    spawned: 0,
    spawn: ((...args: Parameters<typeof spawn>) => (counted.spawned++, spawn(...args))) as typeof spawn,
  }
  return counted
}

describe('warm pool', () => {
  it('starts the pods of a burst first and refills once the burst is over', async () => {
    const counted = countingSpawn()
    const pool = createPodProcessPool({
      log: silentLogger,
      size: 2,
      maxWarm: 2,
      prewarm: [32],
      refillAfterMs: 50,
      spawn: counted.spawn,
    })
    const taken: PodProcess[] = []
    try {
      expect(counted.spawned).toBe(2)
      // Five pods at once: two take the warm processes, three start cold, and no spare is spawned meanwhile.
      for (let i = 0; i < 5; i++) taken.push(pool.take(32))
      expect(counted.spawned).toBe(5)
      expect(pool.idleCounts().get(32)).toBe(0)
      await vi.waitFor(() => expect(pool.idleCounts().get(32)).toBe(2), { timeout: 30_000, interval: 20 })
      expect(counted.spawned).toBe(7)
      expect(await Promise.all(taken.map((p) => p.ready))).toEqual([true, true, true, true, true])
    } finally {
      await endAll(pool, taken)
    }
  }, 60_000)

  it('refills to the largest burst it has seen, within maxWarm and a quarter of the free memory', async () => {
    let free = 1024 * 1024 * 1024 * 64
    const pool = createPodProcessPool({
      log: silentLogger,
      size: 1,
      maxWarm: 4,
      prewarm: [32],
      refillAfterMs: 20,
      freeMemory: () => free,
    })
    const taken: PodProcess[] = []
    const idle = () => pool.idleCounts().get(32)
    try {
      expect(idle()).toBe(1)
      // A burst of three: the pool then keeps three warm, so a burst like it starts warm.
      for (let i = 0; i < 3; i++) taken.push(pool.take(32))
      await vi.waitFor(() => expect(idle()).toBe(3), { timeout: 30_000, interval: 20 })
      // A single take later does not forget the burst: the pool tops up to three again.
      taken.push(pool.take(32))
      await vi.waitFor(() => expect(idle()).toBe(3), { timeout: 30_000, interval: 20 })
      // A burst of six is held to maxWarm.
      for (let i = 0; i < 6; i++) taken.push(pool.take(32))
      await vi.waitFor(() => expect(idle()).toBe(4), { timeout: 30_000, interval: 20 })
      // Short of memory, only what `size` asks for is refilled: room for one spare beyond it.
      free = 4 * 64 * 1024 * 1024
      for (let i = 0; i < 4; i++) taken.push(pool.take(32))
      await vi.waitFor(() => expect(idle()).toBe(2), { timeout: 30_000, interval: 20 })
    } finally {
      await endAll(pool, taken)
    }
  }, 60_000)

  it('forgets its bursts after shrinkAfterMs without a take, ending the spares beyond size and their folders', async () => {
    const counted = countingSpawn()
    const pool = createPodProcessPool({
      log: silentLogger,
      size: 1,
      maxWarm: 4,
      prewarm: [32],
      refillAfterMs: 20,
      shrinkAfterMs: 300,
      freeMemory: () => 64 * 1024 * 1024 * 1024,
      spawn: counted.spawn,
    })
    const base = dirname(dirname(pool.entryPath))
    const folders = () => readdirSync(base).filter((n) => n.startsWith('pod-')).length
    const taken: PodProcess[] = []
    const idle = () => pool.idleCounts().get(32)
    try {
      // A burst of three (one warm, two cold), then a refill to three: 1 + 2 + 3 processes.
      for (let i = 0; i < 3; i++) taken.push(pool.take(32))
      await vi.waitFor(() => expect(counted.spawned).toBe(6), { timeout: 30_000, interval: 10 })
      // No take since: the two spares beyond size end and their folders go.
      await vi.waitFor(() => expect([idle(), folders()]).toEqual([1, 3 + 1]), { timeout: 30_000, interval: 20 })
      // The burst is forgotten: one take refills to size, not to three.
      taken.push(pool.take(32))
      await vi.waitFor(() => expect(counted.spawned).toBe(7), { timeout: 30_000, interval: 10 })
      expect(idle()).toBe(1)
    } finally {
      await endAll(pool, taken)
    }
  }, 60_000)

  it('close removes the idle processes and their folders at once; removeBase the rest', async () => {
    const pool = createPodProcessPool({ log: silentLogger, size: 2, prewarm: [32] })
    const base = dirname(dirname(pool.entryPath))
    try {
      expect(pool.idleCounts().get(32)).toBe(2)
      expect(readdirSync(base).filter((n) => n.startsWith('pod-'))).toHaveLength(2)
      pool.close()
      expect(readdirSync(base).filter((n) => n.startsWith('pod-'))).toEqual([])
      pool.removeBase()
      expect(existsSync(base)).toBe(false)
    } finally {
      pool.close()
      pool.removeBase()
    }
  })

  it.runIf(process.platform === 'linux')(
    'runs its processes, spare or cold, at the nice value it was given, each in a session of its own',
    async () => {
      const pool = createPodProcessPool({ log: silentLogger, size: 1, prewarm: [32], nice: 7, refillAfterMs: 60_000 })
      const taken = [pool.take(32), pool.take(32)] // the spare, then one started cold
      try {
        expect(await Promise.all(taken.map((p) => p.ready))).toEqual([true, true])
        for (const p of taken) {
          expect(niceOf(p.child.pid!)).toBe(7)
          if (existsSync('/proc/self/autogroup'))
            expect(readFileSync(`/proc/${p.child.pid}/autogroup`, 'utf8')).toMatch(/ nice 7\b/)
        }
        expect(niceOf(process.pid)).toBe(0) // the agent's own stays as it was
      } finally {
        for (const p of taken) p.child.kill('SIGKILL')
        pool.close()
        pool.removeBase()
      }
    },
    30_000,
  )

  it.runIf(process.platform === 'linux')(
    'makes its base folder in the temp folder, with its owner, after sweeping the folders of agents that are gone',
    () => {
      const root = mkdtempSync(join(tmpdir(), 'stark-pool-root-'))
      // A folder of an agent that was killed: its pid has exited.
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      const stale = join(root, 'stark-pods-killed')
      mkdirSync(join(stale, 'pod-1'), { recursive: true })
      writeFileSync(join(stale, 'owner'), JSON.stringify({ pid: Number(dead.stdout), started: '', pidNamespace: pidNamespace() }))
      const pool = createPodProcessPool({ log: silentLogger, size: 1, prewarm: [32], tempRoot: root })
      try {
        const base = dirname(dirname(pool.entryPath))
        expect(dirname(base)).toBe(root)
        expect(existsSync(stale)).toBe(false)
        expect(JSON.parse(readFileSync(join(base, 'owner'), 'utf8')).pid).toBe(process.pid)
      } finally {
        pool.close()
        pool.removeBase()
        rmSync(root, { recursive: true, force: true })
      }
    },
  )

  it('leaves a base folder it was given to its owner', () => {
    const given = mkdtempSync(join(tmpdir(), 'stark-pool-given-'))
    try {
      const pool = createPodProcessPool({ log: silentLogger, size: 1, prewarm: [32], baseDir: given })
      pool.close()
      pool.removeBase()
      expect(existsSync(given)).toBe(true)
      expect(readdirSync(given).filter((n) => n.startsWith('pod-'))).toEqual([])
    } finally {
      rmSync(given, { recursive: true, force: true })
    }
  })
})
