/**
 * What the built server and agent import as ES modules. Two packages cost a start much more that
 * way than they need to: `ws`, whose ESM wrapper makes Node scan each CommonJS module it imports for
 * its exports (the server and the agent require it instead: server/src/ws/ws-library.ts,
 * node-node/src/ws-socket.ts), and @asteasolutions/zod-to-openapi, whose CommonJS build is what
 * Node would load (the server bundles its ES module build).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** The bare specifiers a built file imports statically (`import … from 'x'`, `import 'x'`). */
function importsOf(file: URL): string[] {
  const source = readFileSync(file, 'utf8')
  return [...source.matchAll(/^import\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)]
    .map((m) => m[1]!)
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:'))
}

const built = (dir: string) => {
  const url = new URL(`../${dir}/dist/`, import.meta.url)
  return readdirSync(url)
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => new URL(f, url))
}

describe('built imports', () => {
  it('the server imports neither ws nor zod-to-openapi as ES modules', () => {
    const files = built('server')
    const imports = files.flatMap(importsOf)
    expect(imports).toContain('@stark/shared') // the pattern reads the bundle's imports
    expect(imports).not.toContain('ws')
    expect(imports.filter((s) => s.startsWith('@asteasolutions/'))).toEqual([])
  })

  it('the agent does not import ws as an ES module', () => {
    const imports = built('node-node').flatMap(importsOf)
    expect(imports).toContain('@stark/shared')
    expect(imports).not.toContain('ws')
  })
})
