/**
 * Reading `-f FILE|DIR`: JSON (a list, `{ "items": [...] }` or one object) and JS/TS modules whose
 * default export is the list (bundled with esbuild and imported from memory; `@stark/cli/config`
 * is provided, so a module needs nothing installed to use `defineConfig`). A directory gives, in
 * name order, its .json files (not package.json, package-lock.json or tsconfig*.json) and its
 * modules named `*.stark.ts` (or .mts/.js/.mjs) — other scripts there (a pack's bundle, say) are
 * never run; a module named with -f itself may have any name. Every object is checked and its files (a pack's
 * bundle, a secret's env file, relative to the file that names them) read before anything is
 * sent: the result is either every object, or every problem with its place.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { parseEnvFile } from './manifest-env-file'
import { checkObject, type ManifestObject, objectKey, type Position, positionText } from './manifest-schema'

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.ts', '.mts'])
const NOT_MANIFESTS = /^(package\.json|package-lock\.json|tsconfig.*\.json|jsconfig\.json)$/

/** Whether a file in a directory is a manifest (see above). */
const inDirectory = (name: string) =>
  (name.endsWith('.json') && !NOT_MANIFESTS.test(name)) || /\.stark\.(ts|mts|js|mjs)$/.test(name)

/** An object ready to act on: what the file says, with its files read. */
export interface LoadedObject {
  object: ManifestObject
  position: Position
  /** A pack's bundle source and its sha256. */
  bundle?: { code: string; sha256: string }
  /** A secret's data: its env file, then `data` over it. */
  secretData?: Record<string, string>
}

export interface LoadResult {
  objects: LoadedObject[]
  /** `place: problem`, one line each. */
  problems: string[]
}

/** The files `-f PATH` names (a directory: its manifest files, in name order). */
export function manifestFiles(cwd: string, paths: readonly string[]): { files: string[]; problems: string[] } {
  const files: string[] = []
  const problems: string[] = []
  for (const p of paths) {
    const full = resolve(cwd, p)
    if (!existsSync(full)) {
      problems.push(`${p}: no such file or directory`)
      continue
    }
    if (!statSync(full).isDirectory()) {
      files.push(full)
      continue
    }
    const inside = readdirSync(full)
      .filter((n) => inDirectory(n) && statSync(join(full, n)).isFile())
      .sort()
    if (inside.length === 0) problems.push(`${p}: no .json or *.stark.ts / *.stark.js files in this directory`)
    files.push(...inside.map((n) => join(full, n)))
  }
  return { files, problems }
}

/** `defineConfig` for modules being loaded (what `@stark/cli/config` exports at run time). */
const configModule: Plugin = {
  name: 'stark-config',
  setup(b) {
    b.onResolve({ filter: /^@stark\/cli(\/config)?$/ }, (args) => ({ path: args.path, namespace: 'stark-config' }))
    b.onLoad({ filter: /.*/, namespace: 'stark-config' }, () => ({
      contents: 'export const defineConfig = (objects) => objects',
      loader: 'js',
    }))
  },
}

async function importModule(file: string): Promise<unknown> {
  const out = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    plugins: [configModule],
  })
  const code = out.outputFiles[0]?.text ?? ''
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { default?: unknown }
  const value = typeof mod.default === 'function' ? await (mod.default as () => unknown)() : mod.default
  if (value === undefined) throw new Error('no default export (export default defineConfig([...]))')
  return value
}

/** The list of raw objects in one file, or why it cannot be read. */
async function readList(file: string): Promise<{ items: unknown[]; single: boolean }> {
  const value = MODULE_EXTENSIONS.has(extname(file)) ? await importModule(file) : JSON.parse(readFileSync(file, 'utf8'))
  if (Array.isArray(value)) return { items: value, single: false }
  if (typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items))
    return { items: (value as { items: unknown[] }).items, single: false }
  return { items: [value], single: true }
}

const describeError = (error: unknown) =>
  error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)

/** Reads one object's files (bundle, env file): problems go to `problems`. */
function readFiles(loaded: LoadedObject, baseDir: string, problems: string[], where: string): void {
  const o = loaded.object
  const readText = (path: string, what: string): string | undefined => {
    try {
      return readFileSync(resolve(baseDir, path), 'utf8')
    } catch (error) {
      problems.push(
        `${where}: ${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(error)}`,
      )
      return undefined
    }
  }
  if (o.kind === 'Pack') {
    const code = readText(o.bundle, '/bundle')
    if (code !== undefined) loaded.bundle = { code, sha256: createHash('sha256').update(code, 'utf8').digest('hex') }
  }
  if (o.kind === 'Secret') {
    const data: Record<string, string> = {}
    if (o.envFile !== undefined) {
      const text = readText(o.envFile, '/envFile')
      if (text !== undefined) {
        const parsed = parseEnvFile(text)
        for (const e of parsed.errors) problems.push(`${where}: /envFile ${o.envFile} ${e}`)
        for (const [k, v] of parsed.pairs) {
          if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(k))
            problems.push(`${where}: /envFile ${o.envFile}: "${k}" is not a valid key`)
          data[k] = v
        }
      }
    }
    Object.assign(data, o.data)
    if (Object.keys(data).length === 0) problems.push(`${where}: the secret has no keys`)
    loaded.secretData = data
  }
}

/** Loads and checks every object of the given files. */
export async function loadManifests(cwd: string, paths: readonly string[], defaultNamespace: string): Promise<LoadResult> {
  const { files, problems } = manifestFiles(cwd, paths)
  const objects: LoadedObject[] = []
  const seen = new Map<string, string>()
  for (const file of files) {
    const rel = relative(cwd, file)
    const shown = rel && !rel.startsWith('..') ? rel : file
    let list: { items: unknown[]; single: boolean }
    try {
      list = await readList(file)
    } catch (error) {
      problems.push(`${shown}: ${describeError(error)}`)
      continue
    }
    list.items.forEach((item, i) => {
      const position: Position = { file: shown, index: list.single ? null : i }
      const checked = checkObject(item)
      const name = (item as { metadata?: { name?: unknown } } | null)?.metadata?.name
      const kind = (item as { kind?: unknown } | null)?.kind
      const where = `${positionText(position)}${typeof kind === 'string' && typeof name === 'string' ? ` (${kind} ${name})` : ''}`
      if (!checked.ok) {
        for (const e of checked.errors) problems.push(`${where}: ${e}`)
        return
      }
      const key = objectKey(checked.object, defaultNamespace)
      const earlier = seen.get(key)
      if (earlier) problems.push(`${where}: ${key} is also described at ${earlier}`)
      seen.set(key, positionText(position))
      const loaded: LoadedObject = { object: checked.object, position }
      readFiles(loaded, dirname(file), problems, where)
      objects.push(loaded)
    })
  }
  return { objects, problems }
}
