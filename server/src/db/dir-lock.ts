import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

export class DirectoryLockedError extends Error {
  override readonly name = 'DirectoryLockedError'
}

/** When this process started (s), to tell our own lock from a stale one left under a reused pid. */
const processStart = () => Math.round(Date.now() / 1000 - process.uptime())

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
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      const stamp = `${process.pid} ${processStart()}`
      writeSync(fd, `${stamp}\n`)
      closeSync(fd)
      let released = false
      return {
        path,
        release() {
          if (released) return
          released = true
          try {
            if (readFileSync(path, 'utf8').trim() === stamp) rmSync(path)
          } catch {
            /* already gone */
          }
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const [pidText, startText] = readFileSync(path, 'utf8').trim().split(/\s+/)
      const holder = Number.parseInt(pidText ?? '', 10)
      // Same pid: ours only if it also started when we did (a container's pid 1 is reused across runs).
      const held =
        holder === process.pid
          ? Math.abs(Number(startText) - processStart()) <= 1
          : Number.isInteger(holder) && processAlive(holder)
      if (held) {
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
