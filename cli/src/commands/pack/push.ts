import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { formatPackRef, packRuntimes, type PackRuntime } from '@stark/shared'
import { globalArgs, intFlag } from '../../lib/args'
import { bundlePack } from '../../lib/bundle'
import { call, connect } from '../../lib/client'
import { resolveSettings } from '../../lib/config'
import { contextFrom } from '../../lib/context'
import { CLIError, ExitCode, usageError } from '../../lib/errors'
import { formatBytes, messageOutput } from '../../lib/output'
import { namespaceArg } from '../../lib/pod-flags'
import { withProgress } from '../../lib/progress'
import { followRollout } from './local/follow-rollout'
import { nextVersion } from './local/next-version'
import { readPackJson } from './local/pack-json'

export default defineCommand({
  meta: {
    name: 'push',
    description:
      'Bundle a pack, register its next version (or --version) in the namespace, and with --service roll that service of the namespace to it, following the rollout until it is done (example: stark pack push src/index.ts --service web)',
  },
  args: {
    entry: { type: 'positional', required: true, valueHint: 'entry', description: 'The pack’s entry file (.ts or .js)' },
    name: { type: 'string', description: 'Pack name (default: "stark.name" or "name" in package.json)' },
    version: { type: 'string', description: 'Version to register (default: the next patch after the highest registered)' },
    runtime: {
      type: 'enum',
      options: [...packRuntimes],
      description: 'Where it may run (default: "stark.runtime" in package.json, else universal)',
    },
    visibility: { type: 'enum', options: ['private', 'public'], default: 'private', description: 'Who may run it' },
    service: { type: 'string', valueHint: 'name', description: 'Roll this service out to the new version and follow it' },
    ...namespaceArg,
    timeout: { type: 'string', valueHint: 's', description: 'How long to follow the rollout (default 300)' },
    minify: { type: 'boolean', default: false, description: 'Minify the bundle' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const entry = resolve(ctx.cwd, args.entry)
    if (!existsSync(entry)) throw usageError(`no such file: ${args.entry}`)
    const pkg = readPackJson(dirname(entry))
    const name = args.name || pkg?.name
    if (!name) throw usageError('no pack name: give --name, or "stark": { "name": … } in package.json')
    const runtime: PackRuntime = (args.runtime as PackRuntime | undefined) ?? pkg?.runtime ?? 'universal'
    const timeoutMs = (intFlag(args.timeout, 'timeout', { min: 1, max: 86_400 }) ?? 300) * 1000
    const settings = resolveSettings(ctx, args)
    const { client } = connect(ctx, settings)
    // The pack is registered into the namespace in use, and the service of that namespace rolled to it.
    const namespace = args.namespace || settings.namespace || 'default'
    const shown = relative(ctx.cwd, entry) || entry
    const bundle = await withProgress(ctx, `bundling ${shown}…`, () =>
      bundlePack(entry, { cwd: ctx.cwd, runtime, minify: args.minify }),
    )
    for (const w of bundle.warnings) ctx.stderr.write(`warning: ${w}\n`)
    let version = args.version
    if (!version) {
      const registered = await call(client.api.packs[':name'].versions.$get({ param: { name }, query: { namespace } })).then(
        (r) => r.items.map((p) => p.version),
        (error: unknown) => {
          if (error instanceof CLIError && error.exitCode === ExitCode.notFound) return []
          throw error
        },
      )
      version = nextVersion(registered, pkg?.version)
    }
    const pack = await withProgress(ctx, `registering ${name}@${version} (${formatBytes(bundle.size)})…`, () =>
      call(
        client.api.packs.$post({
          json: { name, version: version!, runtime, visibility: args.visibility, namespace, bundle: bundle.code },
        }),
      ),
    )
    const target = formatPackRef(pack, namespace)
    const registered = `pack ${target} registered (${runtime}, ${formatBytes(pack.size)}, sha256 ${pack.sha256.slice(0, 12)}…)`
    if (!args.service) return messageOutput(registered, { pack })
    ctx.stderr.write(`${registered}\n`)
    const ref = { param: { ref: args.service }, query: { namespace } }
    const json = { pack: formatPackRef(pack) }
    await call(client.api.services[':ref'].$patch({ ...ref, json })).catch((error: unknown) => {
      if (error instanceof CLIError && error.exitCode === ExitCode.notFound)
        throw new CLIError(
          `no service ${args.service}: create it with stark service create ${args.service} --pack ${target}`,
          ExitCode.notFound,
        )
      throw error
    })
    const service = await followRollout({
      ctx,
      target,
      timeoutMs,
      signal: ctx.trapSignals(),
      get: () => call(client.api.services[':ref'].$get(ref)),
    })
    return messageOutput(`service ${service.name} runs ${target} on ${service.counts.available} available pod(s)`, {
      pack,
      service,
    })
  },
})
