import { afterEach, describe, expect, it } from 'vitest'
import { testContext, type TestContext } from '../testing/test-context'
import { withProgress } from './progress'

const contexts: TestContext[] = []
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup()
})
const ctx = (stderrIsTTY: boolean, env: Record<string, string> = {}) => {
  const c = testContext({ env })
  contexts.push(c)
  return { ...c, stderrIsTTY }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('progress', () => {
  it('draws a spinner with its label on a terminal’s stderr, then clears the line', async () => {
    const c = ctx(true)
    const result = await withProgress(
      c,
      'bundling hello.js…',
      async (p) => {
        await sleep(40)
        p.update('writing…')
        await sleep(40)
        return 42
      },
      { delayMs: 0, intervalMs: 5 },
    )
    expect(result).toBe(42)
    expect(c.err()).toContain('bundling hello.js…')
    expect(c.err()).toContain('writing…')
    expect(c.err().endsWith('\r\u001B[2K')).toBe(true)
    expect(c.out()).toBe('')
  })

  it('shows nothing when stderr is not a terminal, in CI, or for a quick wait', async () => {
    for (const c of [ctx(false), ctx(true, { CI: '1' }), ctx(true, { TERM: 'dumb' })]) {
      await withProgress(c, 'waiting', () => sleep(30), { delayMs: 0, intervalMs: 5 })
      expect(c.err()).toBe('')
    }
    const quick = ctx(true)
    await withProgress(quick, 'waiting', () => sleep(5), { delayMs: 200 })
    expect(quick.err()).toBe('')
  })

  it('clears the line when the work fails', async () => {
    const c = ctx(true)
    await expect(
      withProgress(
        c,
        'uploading',
        async () => {
          await sleep(20)
          throw new Error('refused')
        },
        { delayMs: 0, intervalMs: 5 },
      ),
    ).rejects.toThrow('refused')
    expect(c.err().endsWith('\r\u001B[2K')).toBe(true)
  })
})
