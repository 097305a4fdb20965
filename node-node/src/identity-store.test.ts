import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFileIdentityStore, identityFileName } from './identity-store'

let home: string
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'stark-id-'))
})
afterEach(async () => {
  await rm(home, { recursive: true, force: true })
})

const identity = { nodeId: 'node-1', name: 'edge-1', nodeToken: 'secret-token' }

describe('file identity store', () => {
  it('writes nodes/<name>.json readable by its owner only, in a 0700 directory', async () => {
    const store = createFileIdentityStore({ home, name: 'edge-1' })
    await store.save(identity)
    expect(store.path).toBe(join(home, 'nodes', 'edge-1.json'))
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual(identity)
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
    expect((await stat(join(home, 'nodes'))).mode & 0o777).toBe(0o700)
    expect(await readdir(join(home, 'nodes'))).toEqual(['edge-1.json'])
  })

  it('tightens an existing nodes directory', async () => {
    await mkdir(join(home, 'nodes'))
    await chmod(join(home, 'nodes'), 0o755)
    await createFileIdentityStore({ home, name: 'edge-1' }).save(identity)
    expect((await stat(join(home, 'nodes'))).mode & 0o777).toBe(0o700)
  })

  it('loads what it saved, across instances; loads null when there is none; clears', async () => {
    expect(await createFileIdentityStore({ home, name: 'edge-1' }).load()).toBeNull()
    await createFileIdentityStore({ home, name: 'edge-1' }).save(identity)
    const again = createFileIdentityStore({ home, name: 'edge-1' })
    expect(await again.load()).toEqual(identity)
    expect(await createFileIdentityStore({ home, name: 'edge-2' }).load()).toBeNull()
    await again.clear()
    expect(await again.load()).toBeNull()
    await again.clear()
  })

  it('refuses a corrupt file with a message naming it', async () => {
    const store = createFileIdentityStore({ home, name: 'edge-1' })
    await mkdir(join(home, 'nodes'), { recursive: true })
    await writeFile(store.path, '{ not json')
    await expect(store.load()).rejects.toThrow(/edge-1\.json is not valid JSON/)
    await writeFile(store.path, JSON.stringify({ nodeId: 1 }))
    await expect(store.load()).rejects.toThrow(/does not hold a node identity/)
  })

  it('keeps any node name inside nodes/', () => {
    expect(identityFileName('edge-1')).toBe('edge-1.json')
    for (const name of ['../evil', '..', '.hidden', 'a/b', 'a\\b']) {
      const file = identityFileName(name)
      expect(file).not.toMatch(/[/\\]/)
      expect(file.startsWith('.')).toBe(false)
    }
  })
})
