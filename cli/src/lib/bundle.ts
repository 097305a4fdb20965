/**
 * `stark pack bundle`: one self-contained ES module per pack. npm dependencies are inlined; the
 * platform is neutral (a pack runs in Node workers and browser workers) with `node:` built-ins
 * left as imports; `process.env.NODE_ENV` is "production". A pack must have a default export.
 * What a person would only learn from a failed pod is refused here, with the reason and the fix:
 * no default export, a browser pack importing Node built-ins, a bundle past the server's limit.
 */
import { createHash } from 'node:crypto'
import { build, type BuildFailure, type Message, type BuildResult } from 'esbuild'
import type { PackRuntime } from '@stark/shared'
import { CLIError, ExitCode } from './errors'
import { formatBytes } from './output'

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
  /** Where it will run: a `browser` pack may import no `node:` module, a `universal` one only dynamically. */
  runtime?: PackRuntime
  /** Largest bundle accepted (bytes; default the server's, 10 MB). */
  maxBytes?: number
}

/** A bundle that would only fail on a node (or at the server): refused with the reason and the fix. */
export class PackRefusal extends CLIError {}

/** The server's default bundle limit (bytes). */
export const MAX_BUNDLE_BYTES = 10 * 1024 * 1024

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
    throw new PackRefusal(
      `${entry} has no default export: a pack must \`export default async function main(ctx) { … }\``,
      ExitCode.failure,
    )
  }
  refuseNodeImports(entry, meta.imports, options.runtime)
  const bytes = file.contents
  const maxBytes = options.maxBytes ?? MAX_BUNDLE_BYTES
  if (bytes.byteLength > maxBytes) {
    const largest = Object.entries(meta.inputs)
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, 3)
      .map(([file, input]) => `${file} ${formatBytes(input.bytesInOutput)}`)
      .join(', ')
    throw new PackRefusal(
      `${entry}: the bundle is ${formatBytes(bytes.byteLength)}, more than the ${formatBytes(maxBytes)} a server accepts (largest parts: ${largest}). Fix: bundle with --minify, drop or replace the large dependencies, or fetch large data at run time instead of importing it`,
      ExitCode.failure,
    )
  }
  return {
    code: file.text,
    size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    exports: meta.exports,
    warnings: result.warnings.map(describe),
  }
}

/** A browser has no Node built-ins: a pack that imports one would fail on every browser node. */
function refuseNodeImports(
  entry: string,
  imports: readonly { path: string; kind: string; external?: boolean }[],
  runtime?: PackRuntime,
) {
  if (runtime !== 'browser' && runtime !== 'universal') return
  // A universal pack may load a built-in with `await import('node:…')` behind `if (ctx.runtime === 'node')`.
  const found = imports.filter((i) => i.path.startsWith('node:') && (runtime === 'browser' || i.kind !== 'dynamic-import'))
  if (found.length === 0) return
  const names = [...new Set(found.map((i) => i.path))].join(', ')
  throw new PackRefusal(
    runtime === 'browser'
      ? `${entry} imports ${names}, which browsers do not have: a browser pack may use web APIs only (fetch, crypto.subtle, IndexedDB…). Fix: remove the import, or make it a node pack ("stark": { "runtime": "node" } in package.json, or register it with --runtime node)`
      : `${entry} imports ${names} at the top level, which browser nodes do not have. Fix: make it a node pack ("stark": { "runtime": "node" } in package.json, or register it with --runtime node), or load it only on Node: if (ctx.runtime === 'node') { const fs = await import('${found[0]!.path}') }`,
    ExitCode.failure,
  )
}
