import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, relative, resolve } from 'node:path'
import { defineCommand } from 'citty'
import type { PackRuntime } from '@stark/shared'
import { globalArgs } from '../../lib/args'
import { bundlePack } from '../../lib/bundle'
import { contextFrom } from '../../lib/context'
import { usageError } from '../../lib/errors'
import { formatBytes, messageOutput } from '../../lib/output'
import { withProgress } from '../../lib/progress'

export default defineCommand({
  meta: {
    name: 'bundle',
    description:
      'Bundle a pack entry (and its npm dependencies) into one ES module with a default export (example: stark pack bundle src/hello.ts --out hello.js)',
  },
  args: {
    entry: {
      type: 'positional',
      required: true,
      valueHint: 'entry',
      description: 'The pack’s entry file (.js or .ts) exporting `default async function main(ctx)`',
    },
    out: {
      type: 'string',
      valueHint: 'file',
      description: 'Where to write the bundle (default: <entry name>.pack.js here)',
    },
    minify: { type: 'boolean', default: false, description: 'Minify the bundle' },
    runtime: {
      type: 'enum',
      options: ['node', 'browser', 'universal'],
      description: 'Where it will run: browser and universal packs are refused if they import node: modules',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const entry = resolve(ctx.cwd, args.entry)
    if (!existsSync(entry)) throw usageError(`no such file: ${args.entry}`)
    const out = resolve(ctx.cwd, args.out || `${basename(entry, extname(entry))}.pack.js`)
    const bundle = await withProgress(ctx, `bundling ${args.entry}…`, () =>
      bundlePack(args.entry, {
        cwd: ctx.cwd,
        minify: args.minify,
        ...(args.runtime ? { runtime: args.runtime as PackRuntime } : {}),
      }),
    )
    for (const w of bundle.warnings) ctx.stderr.write(`warning: ${w}\n`)
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, bundle.code)
    const shown = relative(ctx.cwd, out) || out
    return messageOutput(`${shown}  ${formatBytes(bundle.size)}  sha256 ${bundle.sha256}`, {
      entry: args.entry,
      file: out,
      size: bundle.size,
      sha256: bundle.sha256,
      exports: bundle.exports,
    })
  },
})
