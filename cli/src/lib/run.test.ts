import { defineCommand } from 'citty'
import { afterEach, describe, expect, it } from 'vitest'
import { root } from '../root'
import { testContext, type TestContext } from '../testing/test-context'
import { globalArgs } from './args'
import { contextFrom } from './context'
import { CLIError, ExitCode } from './errors'
import { messageOutput } from './output'
import { execute, resolveTarget } from './run'

let ctx: TestContext
afterEach(() => ctx?.cleanup())

/** A small tree: `t echo <word>` returns what it got; `t fail` throws. */
const tree = defineCommand({
  meta: { name: 'stark' },
  args: globalArgs,
  subCommands: {
    echo: defineCommand({
      meta: { name: 'echo', description: 'Echo (example: stark echo hi)' },
      args: { word: { type: 'positional', required: true }, ...globalArgs },
      run: ({ args, data }) =>
        messageOutput(`${args.word} via ${contextFrom(data).hostname}`, {
          word: args.word,
          output: args.output ?? null,
          colorOff: args.color === false,
        }),
    }),
    fail: defineCommand({
      meta: { name: 'fail' },
      args: globalArgs,
      run: () => {
        throw new CLIError('pod x not found', ExitCode.notFound)
      },
    }),
    crash: defineCommand({
      meta: { name: 'crash' },
      args: globalArgs,
      run: () => {
        throw new TypeError('boom\n    at somewhere')
      },
    }),
  },
})

describe('resolveTarget', () => {
  it('walks to the leaf and moves global options given before it behind the name', async () => {
    const t = await resolveTarget(root, ['-o', 'json', '--no-color', '--api-url=http://x', 'pod', 'list', '-n', 'prod'])
    expect(t.path).toEqual(['stark', 'pod', 'list'])
    expect(t.runnable).toBe(true)
    expect(t.rawArgs).toEqual(['--output', 'json', '--no-color', '--api-url=http://x', '-n', 'prod'])
  })

  it('stops at a group without a subcommand, and notes an unknown word', async () => {
    expect(await resolveTarget(root, ['pod'])).toMatchObject({ path: ['stark', 'pod'], runnable: false })
    expect((await resolveTarget(root, ['pod', 'nope'])).unknown).toMatch(/unknown command "nope" for "stark pod"/)
  })

  it('finds nested groups (node agent start)', async () => {
    const { path } = await resolveTarget(root, ['node', 'agent', 'start', '--label', 'a=b'])
    expect(path.join(' ')).toBe('stark node agent start')
  })
})

describe('execute', () => {
  it('runs the command with the context as data and renders what it returns', async () => {
    ctx = testContext()
    expect(await execute(tree, ['echo', 'hi'], ctx)).toBe(0)
    expect(ctx.out()).toBe('hi via test-host\n')
    ctx.reset()
    expect(await execute(tree, ['-o', 'json', '--no-color', 'echo', 'hi'], ctx)).toBe(0)
    expect(JSON.parse(ctx.out())).toEqual({ word: 'hi', output: 'json', colorOff: true })
  })

  it('prints one line on stderr and returns the error’s exit code', async () => {
    ctx = testContext()
    expect(await execute(tree, ['fail'], ctx)).toBe(ExitCode.notFound)
    expect(ctx.err()).toBe('error: pod x not found\n')
    expect(ctx.out()).toBe('')
    ctx.reset()
    expect(await execute(tree, ['crash'], ctx)).toBe(ExitCode.failure)
    expect(ctx.err()).toBe('error: boom\n')
  })

  it('answers usage errors with exit 2 and a pointer to --help', async () => {
    ctx = testContext()
    const cases: [string[], string][] = [
      [['nope'], 'error: unknown command "nope" for "stark" (one of: echo, fail, crash) (see: stark --help)\n'],
      [['echo'], 'error: Missing required positional argument: WORD (see: stark echo --help)\n'],
      [['echo', 'a', 'b'], 'error: too many arguments (unexpected "b") (see: stark echo --help)\n'],
      [['echo', 'a', '--bogus'], 'error: unknown option --bogus (see: stark echo --help)\n'],
      [
        ['echo', 'a', '-o', 'yaml'],
        'error: Invalid value for argument: --output (yaml). Expected one of: json, table, wide, name, plain. (see: stark echo --help)\n',
      ],
      [['--bogus', 'echo'], 'error: unknown option --bogus (options of a command go after its name)\n'],
    ]
    for (const [argv, want] of cases) {
      ctx.reset()
      expect(await execute(tree, argv, ctx)).toBe(ExitCode.usage)
      expect(ctx.err()).toBe(want)
    }
  })

  it('prints help for any command, with the example and without colours off a terminal', async () => {
    ctx = testContext()
    expect(await execute(root, ['pod', 'create', '--help'], ctx)).toBe(0)
    expect(ctx.out()).toMatch(/^Create a pod from a pack.*\(example: stark pod create hello@1\.0\.0/)
    expect(ctx.out()).toContain('USAGE stark pod create [OPTIONS] <PACK>')
    expect(ctx.out()).toContain('--toleration=<k=v:Effect>')
    expect(ctx.out()).not.toContain('\u001B[')
    ctx.reset()
    expect(await execute(root, [], ctx)).toBe(0)
    expect(ctx.out()).toContain('EXIT CODES')
    ctx.reset()
    expect(await execute(root, ['pod', '-h'], ctx)).toBe(0)
    expect(ctx.out()).toContain('COMMANDS')
  })

  it('has help with an example on every command', async () => {
    ctx = testContext()
    const leaves = [
      ['server', 'start'],
      ['auth', 'setup'],
      ['auth', 'login'],
      ['auth', 'logout'],
      ['auth', 'whoami'],
      ['pack', 'bundle'],
      ['pack', 'register'],
      ['pack', 'list'],
      ['pack', 'versions'],
      ['pod', 'create'],
      ['pod', 'list'],
      ['pod', 'status'],
      ['pod', 'logs'],
      ['pod', 'delete'],
      ['node', 'list'],
      ['node', 'status'],
      ['node', 'agent', 'start'],
    ]
    for (const path of leaves) {
      ctx.reset()
      expect(await execute(root, [...path, '--help'], ctx), path.join(' ')).toBe(0)
      expect(ctx.out(), path.join(' ')).toMatch(new RegExp(`\\(example: stark ${path.join(' ')}`))
    }
  })

  it('prints the version, and refuses a missing subcommand', async () => {
    ctx = testContext()
    expect(await execute(root, ['--version'], ctx)).toBe(0)
    expect(ctx.out()).toMatch(/^\d+\.\d+\.\d+\n$/)
    ctx.reset()
    expect(await execute(root, ['pod'], ctx)).toBe(ExitCode.usage)
    expect(ctx.err()).toBe(
      'error: missing command: stark pod <create|list|status|history|logs|delete|rollback> (see: stark pod --help)\n',
    )
  })
})
