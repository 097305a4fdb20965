import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { defineCommand } from 'citty'
import { formatPackRef, type PackRuntime } from '@stark/shared'
import { bundlePack, PackRefusal } from '../../lib/bundle'
import { globalArgs } from '../../lib/args'
import { call, connect } from '../../lib/client'
import { commandSettings } from '../../lib/command'
import { usageError } from '../../lib/errors'
import { formatBytes, messageOutput } from '../../lib/output'
import { withProgress } from '../../lib/progress'

export default defineCommand({
  meta: {
    name: 'register',
    description:
      'Upload a bundle as an immutable pack version into a namespace (example: stark pack register hello.pack.js --name hello --version 1.0.0 -n team-a)',
  },
  args: {
    file: { type: 'positional', required: true, valueHint: 'file', description: 'The bundle (from stark pack bundle)' },
    name: { type: 'string', required: true, description: 'Pack name (lower-case letters, digits, ".", "_", "-")' },
    version: { type: 'string', required: true, description: 'Version, e.g. 1.0.0 (a name@version is never replaced)' },
    runtime: { type: 'enum', options: ['node', 'browser', 'universal'], default: 'universal', description: 'Where it may run' },
    visibility: { type: 'enum', options: ['private', 'public'], default: 'private', description: 'Who may run it' },
    namespace: {
      type: 'string',
      alias: 'n',
      valueHint: 'ns',
      description:
        'Namespace to register into, where its name is unique (default: config.json namespace, else "default"; system: admins; user: default)',
    },
    description: { type: 'string', description: 'One line about the pack' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { ctx, settings, namespace } = commandSettings(data, args)
    const api = connect(ctx, settings)
    let bundle: string
    try {
      bundle = await readFile(resolve(ctx.cwd, args.file), 'utf8')
    } catch (error) {
      throw usageError(
        `cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      )
    }
    // What would only fail on a node is refused here: no default export, node: imports in a browser pack, too large.
    // (Universal packs are checked by stark pack push, which knows them from their sources.)
    // (A file esbuild cannot read as a module is left for the server and the node to judge, as before.)
    const checkFor: PackRuntime | undefined = args.runtime === 'browser' ? 'browser' : undefined
    await bundlePack(resolve(ctx.cwd, args.file), { cwd: ctx.cwd, ...(checkFor ? { runtime: checkFor } : {}) }).catch(
      (error: unknown) => {
        if (error instanceof PackRefusal) throw error
      },
    )
    const size = formatBytes(Buffer.byteLength(bundle))
    const pack = await withProgress(ctx, `uploading ${args.file} (${size}) as ${args.name}@${args.version}…`, () =>
      call(
        api.client.api.packs.$post({
          json: {
            name: args.name,
            version: args.version,
            runtime: args.runtime,
            visibility: args.visibility,
            namespace: namespace || 'default',
            bundle,
            ...(args.description ? { description: args.description } : {}),
          },
        }),
      ),
    )
    return messageOutput(
      `pack ${formatPackRef(pack)} registered (${formatBytes(pack.size)}, sha256 ${pack.sha256})`,
      pack,
      `pack/${formatPackRef(pack)}`,
    )
  },
})
