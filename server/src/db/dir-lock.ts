import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

export class DirectoryLockedError extends Error {
  override readonly name = 'DirectoryLockedError'
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes an exclusive lock on a data directory before PGlite opens it. PGlite has no lock of its
 * own, and two processes on one directory silently lose data. The lock is a file created with
 * O_EXCL holding our pid; a lock left by a dead process is taken over.
 */
export function lockDirectory(dataDir: string): { path: string; release(): void } {
  const path = `${dataDir.replace(/\/+$/, '')}.lock`
  mkdirSync(dirname(path), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      let released = false
      return {
        path,
        release() {
          if (released) return
          released = true
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path)
          } catch {
            /* already gone */
          }
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10)
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new DirectoryLockedError(
          `data directory ${dataDir} is in use by another Stark server (pid ${holder}); ` +
            `stop it, or use another --data-dir. If no server runs, remove ${path}.`,
        )
      }
      rmSync(path, { force: true }) // stale: its process is gone
    }
  }
  throw new DirectoryLockedError(`could not lock data directory ${dataDir} (${path})`)
}
