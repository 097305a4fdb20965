import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensurePrivateDir, privatizeTree } from './private-dir'

const mode = (p: string) => statSync(p).mode & 0o777
const dirs: string[] = []
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'stark-private-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('private data directory', () => {
  it('creates directories 0700 and takes group and other rights off an existing tree', () => {
    const root = scratch()
    const data = join(root, 'a', 'data')
    ensurePrivateDir(data)
    expect(mode(data)).toBe(0o700)
    mkdirSync(join(data, 'base'), { mode: 0o777 })
    writeFileSync(join(data, 'base', 'rel'), 'x', { mode: 0o666 })
    writeFileSync(join(data, 'run.sh'), 'x', { mode: 0o755 })
    // Whatever the umask let through (chmod, as a umask of 000 would have).
    for (const [p, m] of [
      [join(data, 'base'), 0o777],
      [join(data, 'base', 'rel'), 0o666],
      [join(data, 'run.sh'), 0o755],
    ] as const)
      chmodSync(p, m)
    expect(privatizeTree(data)).toBe(3)
    expect([mode(join(data, 'base')), mode(join(data, 'base', 'rel')), mode(join(data, 'run.sh'))]).toEqual([0o700, 0o600, 0o700])
  })
})
