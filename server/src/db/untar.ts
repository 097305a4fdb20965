/**
 * Unpacks a gzip'd ustar archive (PGlite's data directory dump) into a directory on disk: regular
 * files and directories only, every path kept inside the target. The embedded store starts a new
 * data directory this way instead of handing the dump to PGlite, which would unpack it through its
 * WebAssembly file system and keep the pages it touched resident for the life of the process. It
 * streams: the ~60 MB archive is never held whole (freed heap is not given back to the system).
 */
import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { createGunzip } from 'node:zlib'

const BLOCK = 512

const text = (buf: Buffer, start: number, length: number) => {
  const field = buf.subarray(start, start + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}
const octal = (buf: Buffer, start: number, length: number) => Number.parseInt(text(buf, start, length).trim() || '0', 8)

/** Where an archive path lands in `dir`, or an error for one that would leave it. */
function inside(dir: string, name: string): string {
  const root = resolve(dir)
  const path = resolve(join(root, name.replace(/^\/+/, '')))
  if (path !== root && !path.startsWith(root + sep)) throw new Error(`archive path leaves its directory: ${name}`)
  return path
}

export interface UntarModes {
  file: number
  dir: number
}

/** Unpacks the archive at `archive` into `dir`; resolves to the number of files written. */
export async function untarGzip(archive: string, dir: string, mode: UntarModes = { file: 0o600, dir: 0o700 }): Promise<number> {
  mkdirSync(dir, { recursive: true, mode: mode.dir })
  let files = 0
  let pending: Buffer = Buffer.alloc(0)
  let out: { fd: number; left: number } | undefined
  let skip = 0
  let ended = false
  try {
    for await (const chunk of createReadStream(archive).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
      while (!ended) {
        if (out) {
          const n = Math.min(out.left, pending.length)
          if (n > 0) writeSync(out.fd, pending, 0, n)
          pending = pending.subarray(n)
          out.left -= n
          if (out.left > 0) break
          closeSync(out.fd)
          out = undefined
        }
        const drop = Math.min(skip, pending.length)
        pending = pending.subarray(drop)
        skip -= drop
        if (skip > 0 || pending.length < BLOCK) break
        const header = pending.subarray(0, BLOCK)
        pending = pending.subarray(BLOCK)
        if (header.every((b) => b === 0)) {
          ended = true
          break
        }
        const prefix = text(header, 345, 155)
        const name = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100)
        const size = octal(header, 124, 12)
        const type = String.fromCharCode(header[156] ?? 0)
        const path = inside(dir, name)
        if (type === '5') mkdirSync(path, { recursive: true, mode: mode.dir })
        else if (type === '0' || type === '\0') {
          mkdirSync(dirname(path), { recursive: true, mode: mode.dir })
          out = { fd: openSync(path, 'w', mode.file), left: size }
          files++
        } else throw new Error(`unsupported archive entry type ${JSON.stringify(type)}: ${name}`)
        skip = (BLOCK - (size % BLOCK)) % BLOCK
      }
    }
  } finally {
    if (out) closeSync(out.fd)
  }
  if (out || !ended) throw new Error(`archive ends early: ${archive}`)
  return files
}
