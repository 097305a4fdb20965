import { describe, expect, it } from 'vitest'
import { definePack, READY_LINE, type PackContext } from '../index'
import { runPack } from './run-pack'
import { testContext } from './test-context'

describe('runPack', () => {
  it('runs main with a test context and keeps what it logged, ctx.log and console alike', async () => {
    const main = definePack(async (ctx) => {
      ctx.log('hello', ctx.env.WHO, { n: ctx.args.length })
      console.log('from console')
      console.error(new Error('to stderr').message)
    })
    const result = await runPack(main, { env: { WHO: 'ada' }, args: ['a', 'b'] })
    expect(result).toEqual({ status: 'Succeeded', lines: ['hello ada {"n":2}', 'from console', 'to stderr'], stopped: false })
  })

  it('reports a throw as Failed with the error, and gives console back afterwards', async () => {
    const before = console.log
    const result = await runPack(() => {
      throw new Error('boom')
    })
    expect(result.status).toBe('Failed')
    expect((result.error as Error).message).toBe('boom')
    expect(console.log).toBe(before)
  })

  it('stops a long-running pack when a line matches, as a node stops a pod', async () => {
    const serve = async (ctx: PackContext) => {
      console.log(READY_LINE)
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()))
      ctx.log('stopped cleanly')
    }
    const result = await runPack(serve, { stopWhen: (line) => line === READY_LINE })
    expect(result).toMatchObject({ status: 'Succeeded', stopped: true, lines: [READY_LINE, 'stopped cleanly'] })
  })
})

describe('testContext', () => {
  it('has the shape a node gives, with overrides, and a signal the test controls', () => {
    const ctx = testContext({ runtime: 'browser', pod: { name: 'web-1' }, pack: { name: 'web', version: '1.2.3' } })
    expect(ctx.pod).toEqual({ id: 'pod-test', name: 'web-1', namespace: 'default', nodeId: 'local', incarnation: 0 })
    expect(ctx.pack).toEqual({ name: 'web', version: '1.2.3' })
    expect(ctx.runtime).toBe('browser')
    expect(ctx.signal.aborted).toBe(false)
    ctx.log('two\nlines')
    expect(ctx.lines).toEqual(['two', 'lines'])
    ctx.stop()
    expect(ctx.signal.aborted).toBe(true)
  })
})
