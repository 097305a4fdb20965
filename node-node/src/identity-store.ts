/**
 * The node identity on disk: `$STARK_HOME/nodes/<name>.json`, readable by its owner only
 * (the node token is a credential). Writes go to a temporary file first, then an atomic rename.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { type IdentityStore, readNodeIdentity, storedNodeIdentity } from '@stark/shared'

export interface FileIdentityStoreOptions {
  home: string
  /** The node's name: one file per name, so several agents can share a home. */
  name: string
}

/** A file name for any node name: no path separators, no dot-files, no `..`. */
export const identityFileName = (name: string) => `${encodeURIComponent(name).replace(/\./g, '%2E')}.json`

export function createFileIdentityStore(options: FileIdentityStoreOptions): IdentityStore & { readonly path: string } {
  const dir = join(options.home, 'nodes')
  const path = join(dir, identityFileName(options.name))

  return {
    path,
    async load() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
      let data: unknown
      try {
        data = JSON.parse(text)
      } catch {
        throw new Error(`${path} is not valid JSON`)
      }
      const identity = readNodeIdentity(data)
      if (!identity) throw new Error(`${path} does not hold a node identity`)
      return identity
    },
    async save(identity) {
      await mkdir(dir, { recursive: true, mode: 0o700 })
      await chmod(dir, 0o700)
      const tmp = join(dir, `.${randomUUID()}.tmp`)
      try {
        await writeFile(tmp, `${JSON.stringify(storedNodeIdentity(identity), null, 2)}\n`, { mode: 0o600 })
        await rename(tmp, path)
      } catch (error) {
        await rm(tmp, { force: true })
        throw error
      }
    },
    async clear() {
      await rm(path, { force: true })
    },
  }
}
