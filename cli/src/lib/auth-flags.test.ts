import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { testContext, type TestContext } from '../testing/test-context'
import { readPassword } from './auth-flags'
import { CLIError, ExitCode } from './errors'
import { promptSecret } from './secret-prompt'

describe('readPassword', () => {
  let ctx: TestContext
  afterEach(() => ctx.cleanup())

  it('reads --password-stdin (one trailing newline dropped)', async () => {
    ctx = { ...testContext(), readStdin: async () => 'correct horse battery\n' } as TestContext
    expect(await readPassword(ctx, { 'password-stdin': true })).toBe('correct horse battery')
  })

  it('refuses an empty or multi-line stdin, and both flags at once', async () => {
    ctx = { ...testContext(), readStdin: async () => 'a\nb\n' } as TestContext
    await expect(readPassword(ctx, { 'password-stdin': true })).rejects.toThrow(/one line/)
    ctx = { ...testContext(), readStdin: async () => '' } as TestContext
    await expect(readPassword(ctx, { 'password-stdin': true })).rejects.toThrow(/empty/)
    await expect(readPassword(ctx, { 'password-stdin': true, password: 'x' })).rejects.toThrow(/not both/)
  })

  it('without a terminal and without --password-stdin it says how to give one', async () => {
    ctx = testContext()
    const refused = await readPassword(ctx, {}).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(CLIError)
    expect((refused as CLIError).exitCode).toBe(ExitCode.usage)
    expect((refused as CLIError).message).toMatch(/--password-stdin/)
  })

  it('asks on the terminal, twice for a new password', async () => {
    const answers = ['correct horse battery', 'correct horse battery', 'other one']
    const asked: string[] = []
    ctx = {
      ...testContext(),
      promptSecret: async (q: string) => {
        asked.push(q)
        return answers.shift()!
      },
    } as TestContext
    expect(await readPassword(ctx, {}, { confirm: true })).toBe('correct horse battery')
    expect(asked).toEqual(['Password: ', 'Password (again): '])
    await expect(readPassword(ctx, {}, { confirm: true })).rejects.toThrow()
  })

  it('keeps --password and STARK_PASSWORD working', async () => {
    ctx = testContext({ env: { STARK_PASSWORD: 'from env' } })
    expect(await readPassword(ctx, { password: 'from flag' })).toBe('from flag')
    expect(await readPassword(ctx, {})).toBe('from env')
  })
})

describe('promptSecret', () => {
  const terminal = () => {
    const input = Object.assign(new PassThrough(), { raw: [] as boolean[] })
    const raw = input as PassThrough & { raw: boolean[]; setRawMode(mode: boolean): void }
    raw.setRawMode = (mode: boolean) => raw.raw.push(mode)
    let shown = ''
    return { input: raw, output: { write: (s: string) => (shown += s) }, shown: () => shown }
  }

  it('never echoes what is typed, honours Backspace and ends on Enter', async () => {
    const t = terminal()
    const answer = promptSecret(t.input, t.output, 'Password: ')
    t.input.write('hunter22')
    t.input.write('\u007fX\r')
    expect(await answer).toBe('hunter2X')
    expect(t.shown()).toBe('Password: \n')
    expect(t.input.raw).toEqual([true, false])
  })

  it('Ctrl-C gives up', async () => {
    const t = terminal()
    const answer = promptSecret(t.input, t.output, 'Password: ')
    t.input.write('abc\u0003')
    await expect(answer).rejects.toThrow(/cancelled/)
  })
})
