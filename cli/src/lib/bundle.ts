/**
 * `stark pack bundle`: one self-contained ES module per pack. npm dependencies are inlined; the
 * platform is neutral (a pack runs in Node workers and browser workers) with `node:` built-ins
 * left as imports; `process.env.NODE_ENV` is "production". A pack must have a default export.
 */
import { createHash } from 'node:crypto'
import { build, type BuildFailure, type Message, type BuildResult } from 'esbuild'
import { CLIError, ExitCode } from './errors'

export interface PackBundle {
  code: string
  size: number
  sha256: string
  /** The module's export names (a pack has `default`). */
  exports: string[]
  warnings: string[]
}

export interface BundleOptions {
  /** Resolve the entry and its imports from here. */
  cwd: string
  minify?: boolean
}

const describe = (m: Message) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text)

const isBuildFailure = (error: unknown): error is BuildFailure =>
  error instanceof Error && Array.isArray((error as BuildFailure).errors)

/** Bundles `entry` (a path relative to `options.cwd`, or absolute). */
export async function bundlePack(entry: string, options: BundleOptions): Promise<PackBundle> {
  let result: BuildResult<{ write: false; metafile: true }>
  try {
    result = await build({
      entryPoints: [entry],
      absWorkingDir: options.cwd,
      outfile: 'pack.js',
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      target: 'es2022',
      external: ['node:*'],
      define: { 'process.env.NODE_ENV': '"production"' },
      minify: options.minify ?? false,
      legalComments: 'none',
      logLevel: 'silent',
    })
  } catch (error) {
    if (isBuildFailure(error)) {
      const first = error.errors[0]
      const more = error.errors.length > 1 ? ` (and ${error.errors.length - 1} more)` : ''
      const hint =
        first &&
        /Could not resolve "[a-z_]+"/.test(first.text) &&
        /"(fs|path|os|crypto|url|util|events|stream|child_process|worker_threads)"/.test(first.text)
          ? ' (import Node built-ins as node:<name>)'
          : ''
      throw new CLIError(`cannot bundle ${entry}: ${first ? describe(first) : error.message}${hint}${more}`, ExitCode.failure, {
        cause: error,
      })
    }
    throw error
  }
  const file = result.outputFiles[0]
  const meta = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined)
  if (!file || !meta) throw new CLIError(`cannot bundle ${entry}: esbuild produced no output`)
  if (!meta.exports.includes('default')) {
    throw new CLIError(
      `${entry} has no default export: a pack must \`export default async function main(ctx) { … }\``,
      ExitCode.failure,
    )
  }
  const bytes = file.contents
  return {
    code: file.text,
    size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    exports: meta.exports,
    warnings: result.warnings.map(describe),
  }
}
