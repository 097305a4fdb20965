/**
 * The shape of the code base, checked: which package may import which, no import cycle between
 * the server's folders, no file past 400 lines, no raw clock or timer in the code that must run on
 * injected time. A failure names the file and the rule; CONVENTIONS.md says why each rule exists.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = dirname(fileURLToPath(import.meta.url))
const packages = ['pack', 'shared', 'client', 'server', 'node-node', 'browser-node', 'cli', 'e2e', 'bench'] as const
type Package = (typeof packages)[number]

/** What each package may import of the others (by package name). */
const allowed: Record<Package, readonly string[]> = {
  pack: [],
  shared: ['@stark/pack'],
  // The REST client: fetch and the generated types, no server code (its tests start one).
  client: ['@stark/shared'],
  server: ['@stark/pack', '@stark/shared'],
  'node-node': ['@stark/pack', '@stark/shared'],
  'browser-node': ['@stark/pack', '@stark/shared', '@stark/client'],
  cli: ['@stark/pack', '@stark/shared', '@stark/client', '@stark/server/client'],
  e2e: ['@stark/pack', '@stark/pack/testing', '@stark/shared', '@stark/client', '@stark/server/client', '@stark/server/testing'],
  bench: [
    '@stark/shared',
    '@stark/shared/testing',
    '@stark/server/client',
    '@stark/server/testing',
    '@stark/node-node',
    '@stark/cli',
  ],
}

/** What tests (and test helpers) of every package but shared may import besides. */
const allowedInTests = ['@stark/shared/testing', '@stark/server/testing', '@stark/node-node/testing']

/** Folders a package may reach by a relative path: the benchmarks drive the same real processes as e2e. */
const sharedFolders: Partial<Record<Package, string>> = { bench: join(root, 'e2e', 'harness') }

/** The only places a package reaches past its allowance, each loaded lazily by one command. */
const exceptions: Record<string, readonly string[]> = {
  // `stark server start` runs the server in-process (its configuration and database first, from /boot)
  'cli/src/commands/server/start.ts': ['@stark/server/boot', '@stark/server'],
  'cli/src/commands/node/agent/start.ts': ['@stark/node-node'], // `stark node agent start` runs the agent in-process
  'cli/src/commands/pack/local/node-runner.ts': ['@stark/node-node'], // `stark pack run` runs a pack in the agent's executor
  // runs the built server's start in a child process, in the start command's order, to list what it loads
  'e2e/server-start-builtins.test.ts': ['@stark/server/boot', '@stark/server'],
}

const codeFile = /\.(ts|mts|mjs|js)$/
const skipDirs = new Set(['node_modules', 'dist', 'artifacts', '.git'])

function walk(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipDirs.has(entry.name)) continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(full))
    else if (codeFile.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

const files = packages.flatMap((pkg) => walk(join(root, pkg)).map((file) => ({ pkg, file, rel: relative(root, file) })))
const sourceOf = new Map(files.map((f) => [f.file, readFileSync(f.file, 'utf8')]))

/**
 * The module specifiers a file imports: static, `export … from`, side-effect and dynamic `import()`.
 * With `values`, type-only imports (erased at build time, so no load order) are left out.
 */
function specifiers(source: string, { values = false } = {}): string[] {
  const found: string[] = []
  const patterns = [
    /^\s*(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm,
    /^\s*import\s+()['"]([^'"]+)['"]/gm,
    /\bimport\(\s*()['"]([^'"]+)['"]\s*\)/g,
  ]
  for (const pattern of patterns)
    for (const match of source.matchAll(pattern)) if (!(values && match[1])) found.push(match[2] as string)
  return found
}

/** Test code: test files, test kits (`testing/`), the controller simulation, e2e, the agent's test peer. */
const isTest = (rel: string) =>
  /\.test\.ts$/.test(rel) ||
  rel.includes(`${sep}testing${sep}`) ||
  rel.startsWith(`server${sep}src${sep}simulation${sep}`) ||
  rel.startsWith(`e2e${sep}`) ||
  /test-peer\.ts$/.test(rel)

describe('architecture', () => {
  it('packages import one way: shared ← everyone, agents never import the server, the CLI only its client', () => {
    const wrong: string[] = []
    for (const { pkg, file, rel } of files) {
      for (const spec of specifiers(sourceOf.get(file) as string)) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec)
          const inside = relative(join(root, pkg), target)
          const shared = sharedFolders[pkg]
          if (shared && !relative(shared, target).startsWith('..')) continue
          if (inside.startsWith('..')) wrong.push(`${rel} reaches into another package with '${spec}'`)
          continue
        }
        if (!spec.startsWith('@stark/')) continue
        const ok =
          allowed[pkg].includes(spec) ||
          (pkg !== 'shared' && isTest(rel) && allowedInTests.includes(spec)) ||
          exceptions[rel.split(sep).join('/')]?.includes(spec)
        if (!ok) wrong.push(`${rel} imports ${spec}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('has no import cycle between the folders of server/src', () => {
    const base = join(root, 'server', 'src')
    const folderOf = (file: string) => {
      const parts = relative(base, file).split(sep)
      return parts.length > 1 ? parts[0] : '.'
    }
    const edges = new Map<string, Set<string>>()
    for (const { file, rel } of files) {
      if (!rel.startsWith(`server${sep}src${sep}`) || isTest(rel)) continue
      const from = folderOf(file) as string
      for (const spec of specifiers(sourceOf.get(file) as string, { values: true })) {
        if (!spec.startsWith('.')) continue
        const to = folderOf(resolve(dirname(file), spec)) as string
        if (to === from || to === '.' || from === '.') continue
        if (!edges.has(from)) edges.set(from, new Set())
        edges.get(from)?.add(to)
      }
    }
    expect(cycles(edges)).toEqual([])
  })

  it('has no code file over 400 lines', () => {
    const wrong = files
      .map(({ file, rel }) => ({ rel: rel.split(sep).join('/'), lines: (sourceOf.get(file) as string).split('\n').length }))
      .filter((f) => f.lines > 400)
      .map((f) => `${f.rel}: ${f.lines} lines`)
    expect(wrong).toEqual([])
  })

  it('reads time and timers only through the injected clock in controllers, the scheduler and the agent core', () => {
    const guarded = ['server/src/controllers/', 'server/src/scheduler/', 'server/src/services/', 'shared/src/agent/'].map((p) =>
      p.split('/').join(sep),
    )
    const raw = /\bDate\.now\(\)|\bnew Date\(\)|(?<![\w.])(setTimeout|setInterval)\(|\bMath\.random\(\)/
    const wrong = files
      .filter(({ rel }) => guarded.some((g) => rel.startsWith(g)) && !isTest(rel))
      .flatMap(({ file, rel }) =>
        (sourceOf.get(file) as string)
          .split('\n')
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => raw.test(line.replace(/\/\/.*$/, '')))
          .map(({ line, i }) => `${rel}:${i + 1}: ${line.trim()}`),
      )
    expect(wrong).toEqual([])
  })
})

/** Strongly connected components with more than one folder (Tarjan), each as a sorted list. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0
  const stack: string[] = []
  const onStack = new Set<string>()
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const found: string[][] = []
  const visit = (v: string) => {
    indexOf.set(v, index)
    low.set(v, index)
    index++
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indexOf.get(w) as number))
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop() as string
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const v of edges.keys()) if (!indexOf.has(v)) visit(v)
  return found
}
