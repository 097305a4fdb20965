import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadManifests } from './manifest-load'

describe('loading -f files', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stark-manifest-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('reads JSON and a typed .ts module from a directory, with bundles and env files relative to them', async () => {
    writeFileSync(join(dir, 'web.pack.js'), 'export default async function main() { throw new Error("never run") }')
    writeFileSync(join(dir, 'db.env'), 'A=1\n')
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({
        items: [
          { kind: 'Pack', metadata: { name: 'web' }, version: '1.0.0', bundle: './web.pack.js' },
          { kind: 'Secret', metadata: { name: 'db' }, envFile: './db.env', data: { B: '2' } },
        ],
      }),
    )
    writeFileSync(
      join(dir, 'b.stark.ts'),
      `import { defineConfig } from '@stark/cli/config'\nconst replicas: number = 2\nexport default defineConfig([{ kind: 'Service', metadata: { name: 'web' }, pack: 'web@1.0.0', replicas }])\n`,
    )
    writeFileSync(join(dir, 'package.json'), '{"name":"not-a-manifest"}')
    const r = await loadManifests(dir, ['.'], 'default')
    expect(r.problems).toEqual([])
    expect(r.objects.map((o) => [o.object.kind, o.position.file, o.position.index])).toEqual([
      ['Pack', 'a.json', 0],
      ['Secret', 'a.json', 1],
      ['Service', 'b.stark.ts', 0],
    ])
    expect(r.objects[0]!.bundle!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(r.objects[1]!.secretData).toEqual({ A: '1', B: '2' })
  })

  it('reports every problem with its place, and nothing else is loaded from a bad list', async () => {
    mkdirSync(join(dir, 'bad'))
    writeFileSync(
      join(dir, 'bad', 'x.json'),
      JSON.stringify([
        { kind: 'Service', metadata: { name: 'web' }, pack: 'p', replicas: 1 },
        { kind: 'Pod', metadata: { name: 'a' }, pack: 'p', extra: true, priority: 1.5 },
        { kind: 'Service', metadata: { name: 'web' }, pack: 'p' },
        { kind: 'Secret', metadata: { name: 's' } },
      ]),
    )
    const r = await loadManifests(dir, ['bad', 'missing.json'], 'default')
    expect(r.problems).toEqual([
      'missing.json: no such file or directory',
      'bad/x.json[1] (Pod a): /priority: Invalid input: expected int, received number',
      'bad/x.json[1] (Pod a): /extra: unknown field',
      'bad/x.json[2] (Service web): Service/default/web is also described at bad/x.json[0]',
      'bad/x.json[3] (Secret s): /: a Secret needs data or envFile',
    ])
  })
})
