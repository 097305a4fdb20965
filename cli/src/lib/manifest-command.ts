/**
 * What `stark apply|diff|delete -f` share: the flags, opening the command (client, namespace),
 * and loading the files (every problem reported before anything is sent).
 */
import { globalArgs, repeatedFlag } from './args'
import { openCommand } from './command'
import { resolveOutput } from './config'
import { usageError } from './errors'
import { loadManifests } from './manifest-load'
import type { ManifestContext } from './manifest-plan'
import { refuseProblems } from './manifest-run'
import { namespaceArg } from './pod-flags'

export const manifestArgs = {
  filename: {
    type: 'string',
    alias: 'f',
    valueHint: 'file|dir',
    description: 'A JSON file, a .js/.ts module exporting the list, or a directory of them (repeatable)',
  },
  ...namespaceArg,
  ...globalArgs,
} as const

export async function openManifests(
  data: unknown,
  args: { filename?: string | undefined; namespace?: string | undefined; output?: string | undefined },
  rawArgs: readonly string[],
) {
  const opened = openCommand(data, args)
  const files = repeatedFlag(rawArgs, 'filename', 'f')
  if (files.length === 0 && args.filename) files.push(args.filename)
  if (files.length === 0) throw usageError('name the file(s): -f FILE|DIR (repeatable)')
  const mctx: ManifestContext = { client: opened.client, namespace: opened.namespace ?? 'default' }
  const { objects, problems } = await loadManifests(opened.ctx.cwd, files, mctx.namespace)
  refuseProblems(opened.ctx, problems)
  const json = resolveOutput(opened.ctx, { output: args.output, color: false }).format === 'json'
  /** Says one line as it happens (not with -o json, which prints one document at the end). */
  const say = (line: string) => {
    if (!json) opened.ctx.stdout.write(`${line}\n`)
  }
  return { ...opened, mctx, objects, json, say }
}
