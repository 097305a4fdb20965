import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realClock, silentLogger } from '@stark/shared'
import { fakeClock, podAssignment } from '@stark/shared/testing'
import { createProcessExecutor } from './process-executor'
import { createResourcePressure } from './resource-pressure'
import { bundleDir, output } from './testing/executor-cases'

const emfile = () => Object.assign(new Error('spawn EMFILE'), { code: 'EMFILE', errno: -24, syscall: 'spawn' })

/** Waits for `check` to hold (a generous deadline: the machine may be busy). */
async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('resource pressure', () => {
  it('a resource error sets the condition once, others do not; a probe that succeeds clears it', async () => {
    const clock = fakeClock()
    let probeOk = false
    const pressure = createResourcePressure({ clock, log: silentLogger, probe: async () => probeOk, probeEveryMs: 1000 })
    let changes = 0
    pressure.onChange(() => changes++)
    expect(pressure.failed(Object.assign(new Error('no such file'), { code: 'ENOENT' }), 'x')).toBe(false)
    expect(pressure.conditions()).toEqual([])
    expect(pressure.failed(emfile(), 'could not start a pod process')).toBe(true)
    expect(pressure.failed(emfile(), 'could not start a pod process')).toBe(true)
    expect(pressure.conditions()).toEqual([
      { type: 'ResourcePressure', reason: 'EMFILE', message: 'could not start a pod process: spawn EMFILE', since: clock.now() },
    ])
    expect(changes).toBe(1)
    await clock.advance(1000)
    expect(pressure.conditions()).toHaveLength(1)
    probeOk = true
    await clock.advance(1000)
    expect(pressure.conditions()).toEqual([])
    expect(changes).toBe(2)
    pressure.close()
  })
})

describe('an executor whose pod processes cannot start', () => {
  let bundles: Awaited<ReturnType<typeof bundleDir>>
  beforeAll(async () => {
    bundles = await bundleDir('stark-pressure-')
  })
  afterAll(() => bundles.remove())

  it('reports ResourcePressure while spawning fails (EMFILE), fails the pod with StartError, and clears once it can spawn again', async () => {
    let failing = true
    const flaky = ((...args: Parameters<typeof spawn>) => {
      if (failing) throw emfile()
      return spawn(...args)
    }) as typeof spawn
    const executor = createProcessExecutor({
      clock: realClock,
      log: silentLogger,
      warmPool: 1,
      spawn: flaky,
      pressureProbeMs: 50,
    })
    let changes = 0
    executor.onConditionsChange(() => changes++)
    try {
      // The warm pool could not fill: the node says so before any pod came.
      expect(executor.conditions()).toMatchObject([{ type: 'ResourcePressure', reason: 'EMFILE' }])
      const out = output()
      const failed = executor.start(
        podAssignment({ podId: 'p1' }),
        'node-x',
        await bundles.bundle('export default async function main() {}'),
        out.io,
      )
      expect(await failed.done).toMatchObject({
        status: 'Failed',
        reason: 'StartError',
        message: expect.stringMatching(/EMFILE/),
      })
      expect(executor.conditions()).toHaveLength(1)

      failing = false
      await until(() => executor.conditions().length === 0, 'the condition to clear')
      expect(changes).toBeGreaterThanOrEqual(1)
      const ok = executor.start(
        podAssignment({ podId: 'p2' }),
        'node-x',
        await bundles.bundle('export default async function main() { console.log("ran") }'),
        out.io,
      )
      expect(await ok.done).toMatchObject({ status: 'Succeeded' })
    } finally {
      executor.close()
    }
  })
})
