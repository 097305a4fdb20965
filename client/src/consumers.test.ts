/**
 * The CLI and the dashboard take REST answers from this package's generated types: neither
 * declares a list page of its own (a field `nextCursor: string | null` in an interface or type).
 * A page typed by hand would go on compiling after the document changed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const consumers = ['browser-node/src', 'cli/src']

/** A declared `nextCursor` field: `nextCursor: string | null`, `nextCursor?: string`. */
const declaresPage = (code: string) => /\bnextCursor\??\s*:\s*(string|null)\b/.test(code)

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : codeFiles(path)
    return /\.tsx?$/.test(e.name) && !/\.test(-d)?\.ts$/.test(e.name) ? [path] : []
  })
}

describe('consumers of the REST API', () => {
  it('tell a declared list page from a read one', () => {
    expect(declaresPage('interface Page<T> { items: T[]; nextCursor: string | null }')).toBe(true)
    expect(declaresPage('type P = { nextCursor?: string }')).toBe(true)
    expect(declaresPage('cursor = r.nextCursor')).toBe(false)
    expect(declaresPage('const { items, nextCursor } = await page(cursor)')).toBe(false)
  })

  it('declare no list page of their own (they use ListPage / ListItem of @stark/client)', () => {
    const files = consumers.flatMap((dir) => codeFiles(join(root, dir)))
    expect(files.length).toBeGreaterThan(50)
    const offenders = files.filter((f) => declaresPage(readFileSync(f, 'utf8'))).map((f) => relative(root, f))
    expect(offenders).toEqual([])
  })
})
