import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ExitCode } from '../../lib/errors'
import { execute } from '../../lib/run'
import { root } from '../../root'
import { testContext, type TestContext } from '../../testing/test-context'

let ctx: TestContext
afterEach(() => ctx?.cleanup())

describe('stark server start (failures, before any database is opened)', () => {
  it('refuses a data directory another live server holds: one line, exit 1', async () => {
    ctx = testContext()
    const dir = join(ctx.home, 'data')
    writeFileSync(`${dir}.lock`, `${process.ppid}\n`) // a live process that is not us
    expect(await execute(root, ['server', 'start', '--port', '0', '--data-dir', dir, '--log-level', 'silent'], ctx)).toBe(
      ExitCode.failure,
    )
    expect(ctx.err()).toBe(
      `error: data directory ${dir} is in use by another Stark server (pid ${process.ppid}); stop it, or use another --data-dir. If no server runs, remove ${dir}.lock.\n`,
    )
    expect(ctx.out()).toBe('')
  })

  it('refuses a malformed database URL (exit 2) and reports an unreachable one (exit 5)', async () => {
    ctx = testContext()
    expect(await execute(root, ['server', 'start', '--database-url', 'mysql://x/y'], ctx)).toBe(ExitCode.usage)
    expect(ctx.err()).toMatch(/^error: --database-url \/ DATABASE_URL must start with postgres:\/\//)
    ctx.reset()
    ctx.env.DATABASE_URL = 'postgres://stark:secret@127.0.0.1:1/stark'
    expect(await execute(root, ['server', 'start', '--port', '0', '--log-level', 'silent'], ctx)).toBe(ExitCode.unavailable)
    expect(ctx.err()).toMatch(/^error: cannot use the database at 127\.0\.0\.1:1\/stark: .+\n$/)
    expect(ctx.err()).not.toContain('secret')
  })

  it('refuses a heap growth that is not a whole percent up to 300, from the flag or the environment (exit 2)', async () => {
    ctx = testContext()
    expect(await execute(root, ['server', 'start', '--heap-growth', 'lots'], ctx)).toBe(ExitCode.usage)
    expect(ctx.err()).toMatch(/^error: --heap-growth must be a whole percent from 0 to 300 \(got "lots"\)/)
    ctx.reset()
    ctx.env.STARK_HEAP_GROWTH = '400'
    expect(await execute(root, ['server', 'start', '--port', '0'], ctx)).toBe(ExitCode.usage)
    expect(ctx.err()).toMatch(/^error: STARK_HEAP_GROWTH must be a whole percent from 0 to 300 \(got "400"\)/)
  })

  it('refuses a port that is not a number (exit 2)', async () => {
    ctx = testContext()
    expect(await execute(root, ['server', 'start', '--port', 'http'], ctx)).toBe(ExitCode.usage)
    expect(ctx.err()).toMatch(/^error: --port must be a whole number/)
  })
})
