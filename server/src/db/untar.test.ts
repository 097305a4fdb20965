import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { untarGzip } from './untar'

/** One ustar entry: a 512-byte header and the body padded to blocks. */
function entry(name: string, body: string | null): Buffer {
  const header = Buffer.alloc(512)
  header.write(name, 0, 'utf8')
  header.write('0000600\0', 100)
  const data = Buffer.from(body ?? '')
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124)
  header.write(body === null ? '5' : '0', 156)
  header.write('ustar\0' + '00', 257)
  header.write('        ', 148)
  const sum = header.reduce((a, b) => a + b, 0)
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)])
}
const archive = (...entries: Buffer[]) => {
  const path = join(tempDir(), 'dump.tar.gz')
  writeFileSync(path, gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)])))
  return path
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'stark-untar-'))
  dirs.push(d)
  return d
}

describe('untarGzip', () => {
  it('writes the directories and files of a dump, private to the owner', async () => {
    const dir = join(tempDir(), 'data')
    const big = 'y'.repeat(300_000) // spans several gunzip chunks
    const dump = archive(
      entry('/base', null),
      entry('/base/1', 'x'.repeat(700)),
      entry('/PG_VERSION', '17\n'),
      entry('/big', big),
    )
    const files = await untarGzip(dump, dir)
    expect(files).toBe(3)
    expect(readFileSync(join(dir, 'big'), 'utf8')).toBe(big)
    expect(readFileSync(join(dir, 'base/1'), 'utf8')).toBe('x'.repeat(700))
    expect(readFileSync(join(dir, 'PG_VERSION'), 'utf8')).toBe('17\n')
    expect(statSync(join(dir, 'base/1')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'base')).mode & 0o777).toBe(0o700)
  })

  it('refuses a path that leaves the directory', async () => {
    const dir = join(tempDir(), 'data')
    await expect(untarGzip(archive(entry('../escape', 'no')), dir)).rejects.toThrow(/leaves its directory/)
    await expect(untarGzip(archive(entry('/a/../../escape', 'no')), dir)).rejects.toThrow(/leaves its directory/)
  })

  it('refuses what is not a file or a directory (links), and an archive cut short', async () => {
    const link = entry('/link', '')
    link.write('2', 156)
    await expect(untarGzip(archive(link), join(tempDir(), 'data'))).rejects.toThrow(/unsupported/)
    const cut = join(tempDir(), 'cut.tar.gz')
    writeFileSync(cut, gzipSync(entry('/file', 'z'.repeat(2000)).subarray(0, 1000)))
    await expect(untarGzip(cut, join(tempDir(), 'data'))).rejects.toThrow(/ends early/)
  })
})
