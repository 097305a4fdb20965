import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, relative, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { build } from 'esbuild'
import { globalArgs } from '../../lib/args'
import { contextFrom } from '../../lib/context'
import { CLIError, usageError } from '../../lib/errors'
import { noOutput } from '../../lib/output'

/** Test files under `dir` (src/ by default): *.test.ts, *.test.js, *.test.mts. */
function findTests(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.test\.(ts|mts|js|mjs)$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => join(e.parentPath, e.name))
}

export default defineCommand({
  meta: {
    name: 'test',
    description:
      'Run a pack’s unit tests (node:test) in TypeScript, with no other tool installed: src/**/*.test.ts by default (example: stark pack test)',
  },
  args: {
    files: {
      type: 'positional',
      required: false,
      valueHint: 'file…',
      description: 'Test files (default: every *.test.ts under src/)',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const given = args._
    const files = given.length ? given.map((f) => resolve(ctx.cwd, f)) : findTests(join(ctx.cwd, 'src'))
    if (args.files === undefined && files.length === 0) throw usageError('no tests: no *.test.ts under src/')
    for (const f of files) if (!existsSync(f)) throw usageError(`no such file: ${relative(ctx.cwd, f)}`)
    const out = await mkdtemp(join(tmpdir(), 'stark-pack-test-'))
    try {
      // Each test file becomes one ES module with the pack and its imports inlined (as a bundle is).
      await build({
        // Numbered, so src/a/index.test.ts and src/b/index.test.ts stay two files.
        entryPoints: files.map((f, i) => ({ in: f, out: `${i}-${basename(f).replace(/\.[^.]+$/, '')}` })),
        absWorkingDir: ctx.cwd,
        outdir: out,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        external: ['node:*'],
        logLevel: 'silent',
      }).catch((error: Error & { errors?: { text: string; location?: { file: string; line: number } }[] }) => {
        const first = error.errors?.[0]
        throw new CLIError(
          `cannot build the tests: ${first ? `${first.location ? `${first.location.file}:${first.location.line}: ` : ''}${first.text}` : error.message}`,
        )
      })
      const code = await new Promise<number>((done) => {
        const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...readdirSync(out).map((f) => join(out, f))], {
          cwd: ctx.cwd,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        child.stdout.on('data', (chunk: Buffer) => ctx.stdout.write(chunk.toString('utf8')))
        child.stderr.on('data', (chunk: Buffer) => ctx.stderr.write(chunk.toString('utf8')))
        child.on('close', (c) => done(c ?? 1))
      })
      if (code !== 0) throw new CLIError('tests failed')
      return noOutput
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  },
})
