import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DirectoryLockedError } from './dir-lock'
import { openPglite } from './pglite-client'
import { templateDump } from '../testing/databases'

const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'stark-pglite-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('openPglite', () => {
  it('locks its data directory: a second open fails naming it, and works again after close', async () => {
    const dataDir = join(tempDir(), 'data')
    const first = await openPglite({ dataDir, loadDataDir: await templateDump() })
    await expect(openPglite({ dataDir })).rejects.toThrow(DirectoryLockedError)
    await expect(openPglite({ dataDir })).rejects.toThrow(dataDir)
    await first.close()
    const again = await openPglite({ dataDir })
    await again.close()
  }, 60_000)

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = join(tempDir(), 'data')
    writeFileSync(`${dataDir}.lock`, '999999999 1\n')
    const db = await openPglite({ dataDir, loadDataDir: await templateDump() })
    await db.close()
  }, 60_000)

  it('runs with its own memory settings, on a new and on an existing data directory', async () => {
    const dataDir = join(tempDir(), 'data')
    for (let i = 0; i < 2; i++) {
      const db = await openPglite({ dataDir, loadDataDir: i === 0 ? await templateDump() : undefined })
      expect(await db.query('show shared_buffers')).toEqual([{ shared_buffers: '16MB' }])
      await db.close()
    }
  }, 60_000)

  it('unpacks the template into a new directory only', async () => {
    const source = await openPglite({ loadDataDir: await templateDump() })
    await source.exec('create table seeded (x int); insert into seeded values (7);')
    const dump = await source.db.dumpDataDir('gzip')
    await source.close()
    const template = join(tempDir(), 'template.tar.gz')
    writeFileSync(template, Buffer.from(await dump.arrayBuffer()))

    const dataDir = join(tempDir(), 'data')
    const fresh = await openPglite({ dataDir, template })
    expect(await fresh.query('select x from seeded')).toEqual([{ x: 7 }])
    await fresh.exec('insert into seeded values (8)')
    await fresh.close()
    // An existing directory is opened as it is, never overwritten by the template.
    const reopened = await openPglite({ dataDir, template })
    expect((await reopened.query<{ x: number }>('select x from seeded order by x')).map((r) => r.x)).toEqual([7, 8])
    await reopened.close()
  }, 60_000)

  it('refuses statements once closed, saying so', async () => {
    const db = await openPglite()
    await db.close()
    await expect(db.query('select 1')).rejects.toThrow('PGlite is closed')
    await expect(db.transaction((tx) => tx.query('select 1'))).rejects.toThrow('PGlite is closed')
  }, 60_000)
})
