/**
 * The data directory is the server's alone: directories 0700, files 0600, whatever the umask the
 * server was started with and whatever an earlier version left behind. The JWT signing secret and
 * every other row live in these files, so no other OS user (nor a pod running as one) may read them.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Creates `dir` (and missing parents) as 0700; an existing `dir` is made 0700 too. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
}

/** Takes group and other rights off everything under `dir` (symlinks are left alone); returns how many entries changed. */
export function privatizeTree(dir: string): number {
  let changed = 0
  const visit = (path: string) => {
    const st = lstatSync(path)
    if (st.isSymbolicLink()) return
    if ((st.mode & 0o077) !== 0) {
      chmodSync(path, st.isDirectory() ? 0o700 : st.mode & 0o700)
      changed++
    }
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
  }
  visit(dir)
  return changed
}
