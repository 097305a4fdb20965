/**
 * Every command as a user meets it: `--help` works and shows an example, and every command that
 * runs accepts `-o/--output json|table|plain` and `--no-color`.
 */
import { describe, expect, it } from 'vitest'
import { commandTree } from './lib/completion'
import { execute } from './lib/run'
import { root } from './root'
import { testContext } from './testing/test-context'

describe('every command', async () => {
  const nodes = await commandTree(root)
  const runnable = nodes.filter((n) => n.path.length > 0 && n.subcommands.length === 0)

  it('there are commands to check', () => {
    expect(runnable.length).toBeGreaterThan(20)
  })

  it.each(runnable.map((n) => [n.path.join(' '), n] as const))(
    '%s: --help with an example, -o and --no-color',
    async (_name, node) => {
      const ctx = testContext()
      const code = await execute(root, [...node.path, '--help'], ctx)
      ctx.cleanup()
      expect(code).toBe(0)
      expect(ctx.out()).toMatch(/\(example: stark /)
      expect(node.options).toContain('--output')
      expect(node.options).toContain('--no-color')
    },
  )

  it('the groups have an example too, and `stark --help` documents the exit codes', async () => {
    for (const group of nodes.filter((n) => n.subcommands.length > 0)) {
      const ctx = testContext()
      expect(await execute(root, [...group.path, '--help'], ctx)).toBe(0)
      ctx.cleanup()
      expect(ctx.out(), group.path.join(' ') || 'stark').toMatch(/example: stark /)
    }
    const ctx = testContext()
    await execute(root, ['--help'], ctx)
    ctx.cleanup()
    expect(ctx.out()).toMatch(/EXIT CODES[\s\S]*3 +not logged in[\s\S]*5 +the server/)
  })
})
