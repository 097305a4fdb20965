import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundlePack, PackRefusal } from './bundle'

const dir = mkdtempSync(join(tmpdir(), 'stark-bundle-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, source: string) => (writeFileSync(join(dir, name), source), name)

describe('bundlePack refuses what would only fail on a node, with the reason and the fix', () => {
  const reads = file('reads.js', "import { readFileSync } from 'node:fs'\nexport default () => readFileSync('x')\n")

  it('a browser pack importing node:fs', async () => {
    const error = await bundlePack(reads, { cwd: dir, runtime: 'browser' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PackRefusal)
    expect((error as Error).message).toBe(
      'reads.js imports node:fs, which browsers do not have: a browser pack may use web APIs only (fetch, crypto.subtle, IndexedDB…). Fix: remove the import, or make it a node pack ("stark": { "runtime": "node" } in package.json, or register it with --runtime node)',
    )
  })

  it('a universal pack importing node:fs at the top level, but not one loading it behind a runtime check', async () => {
    await expect(bundlePack(reads, { cwd: dir, runtime: 'universal' })).rejects.toThrow(
      /imports node:fs at the top level, which browser nodes do not have\. Fix: .*if \(ctx\.runtime === 'node'\)/,
    )
    const lazy = file('lazy.js', "export default async (ctx) => { if (ctx.runtime === 'node') await import('node:fs') }\n")
    await expect(bundlePack(lazy, { cwd: dir, runtime: 'universal' })).resolves.toMatchObject({ exports: ['default'] })
    await expect(bundlePack(reads, { cwd: dir, runtime: 'node' })).resolves.toMatchObject({ exports: ['default'] })
  })

  it('a bundle past the limit, naming its largest parts', async () => {
    file('big-data.js', `export const data = ${JSON.stringify('x'.repeat(4000))}\n`)
    const big = file('big.js', "import { data } from './big-data.js'\nexport default () => data.length\n")
    await expect(bundlePack(big, { cwd: dir, maxBytes: 1000 })).rejects.toThrow(
      /^big\.js: the bundle is .* more than the .* a server accepts \(largest parts: big-data\.js .*\)\. Fix: bundle with --minify/,
    )
  })

  it('an entry without a default export', async () => {
    const none = file('none.js', 'export const x = 1\n')
    await expect(bundlePack(none, { cwd: dir })).rejects.toBeInstanceOf(PackRefusal)
  })
})
