import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundlePack } from '../../../lib/bundle'
import { initFiles } from './init-files'
import { readPackJson } from './pack-json'

const root = mkdtempSync(join(tmpdir(), 'stark-init-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the files stark pack init writes', () => {
  it.each([
    ['node', false],
    ['browser', false],
    ['universal', false],
    ['browser', true],
  ] as const)('a %s pack (ui: %s) bundles as it stands, for its runtime, and package.json describes it', async (runtime, ui) => {
    const dir = join(root, `${runtime}-${ui}`)
    const files = initFiles({ name: 'hello', runtime, ui, packDependency: 'file:/checkout/pack' })
    expect(Object.keys(files).sort()).toEqual([
      '.gitignore',
      'README.md',
      'package.json',
      'src/index.test.ts',
      'src/index.ts',
      'tsconfig.json',
    ])
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), content)
    }
    const bundle = await bundlePack('src/index.ts', { cwd: dir, runtime })
    expect(bundle.exports).toEqual(ui ? ['default', 'view'] : ['default'])
    // The pack imports only types from @stark/pack: nothing of it lands in the bundle.
    expect(bundle.code).not.toMatch(/@stark\/pack/)
    expect(readPackJson(join(dir, 'src'))).toEqual({ dir, name: 'hello', version: '0.1.0', runtime })
    const pkg = JSON.parse(files['package.json']!)
    expect(pkg.scripts).toEqual({
      test: 'stark pack test',
      dev: 'stark pack run src/index.ts --watch',
      push: 'stark pack push src/index.ts',
    })
    expect(pkg.devDependencies).toEqual({ '@stark/pack': 'file:/checkout/pack' })
    expect(files['src/index.ts']).toMatch(ui ? /ctx: ViewContext/ : /ctx: PackContext/)
  })
})

describe('readPackJson', () => {
  it('finds the nearest package.json and takes the pack name from "stark", else the package name without its scope', () => {
    const dir = join(root, 'scoped')
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@me/thing', version: 'x', stark: { runtime: 'mainframe' } }))
    expect(readPackJson(join(dir, 'src', 'deep'))).toEqual({ dir, name: 'thing', version: 'x' })
    writeFileSync(join(dir, 'package.json'), '{ not json')
    expect(readPackJson(join(dir, 'src'))).toBeNull()
  })
})
