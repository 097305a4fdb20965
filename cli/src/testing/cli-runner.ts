/** Runs `stark …` in-process against a test context, as the binary would: exit code and output. */
import { expect } from 'vitest'
import { execute } from '../lib/run'
import { root } from '../root'
import type { TestContext } from './test-context'

export function cliRunner(ctx: () => TestContext) {
  const stark = async (...argv: string[]) => {
    const c = ctx()
    c.reset()
    const code = await execute(root, argv, c)
    return { code, out: c.out(), err: c.err() }
  }
  /** `stark … -o json`, which must succeed; its output parsed. */
  const json = async (...argv: string[]) => {
    const r = await stark(...argv, '-o', 'json')
    expect(r.code, r.err).toBe(0)
    return JSON.parse(r.out)
  }
  return { stark, json }
}
