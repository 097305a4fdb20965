import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { globalArgs } from '../../lib/args'
import { packRuntimes, type PackRuntime } from '@stark/shared'
import { contextFrom } from '../../lib/context'
import { CLIError, usageError } from '../../lib/errors'
import { messageOutput } from '../../lib/output'
import { findUp } from './local/find-up'
import { initFiles } from './local/init-files'

const NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/

export default defineCommand({
  meta: {
    name: 'init',
    description:
      'Start a pack: writes NAME/ with package.json, src/index.ts typed against @stark/pack, a unit test, a README and the scripts npm test, npm run dev, npm run push (example: stark pack init hello --runtime node)',
  },
  args: {
    name: { type: 'positional', required: true, valueHint: 'name', description: 'The pack (and folder) name' },
    runtime: { type: 'enum', options: [...packRuntimes], default: 'universal', description: 'Where it may run' },
    ui: { type: 'boolean', description: 'A UI pack: it shows a view on browser nodes (implies --runtime browser)' },
    install: { type: 'boolean', default: true, description: 'Run npm install in the new folder (--no-install to skip)' },
    ...globalArgs,
  },
  async run({ args, data }) {
    const ctx = contextFrom(data)
    const dir = resolve(ctx.cwd, args.name)
    const name = dir.split(/[/\\]/).pop()!.toLowerCase()
    if (!NAME.test(name)) throw usageError(`"${name}" cannot be a pack name: lower-case letters, digits, ".", "_" and "-"`)
    if (existsSync(dir) && readdirSync(dir).length > 0) throw usageError(`${args.name} exists and is not empty`)
    const runtime: PackRuntime = args.ui ? 'browser' : (args.runtime as PackRuntime)
    if (args.ui && args.runtime !== 'universal' && args.runtime !== 'browser')
      throw usageError('a UI pack runs on browser nodes: --ui goes with --runtime browser')
    // From a Stark checkout, @stark/pack is linked from it: no registry needed.
    const local = findUp(join('pack', 'package.json'))
    const packDependency = local ? `file:${dirname(local)}` : '^0.1.0'
    const files = initFiles({ name, runtime, ui: args.ui === true, packDependency })
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true })
      await writeFile(join(dir, path), content)
    }
    const shown = relative(ctx.cwd, dir) || '.'
    if (!local)
      ctx.stderr.write(
        'warning: @stark/pack is not on a registry yet: make its tarball in a Stark checkout (npm pack -w @stark/pack) and npm install it here\n',
      )
    const lines = [`created ${shown}/ (${Object.keys(files).join(', ')})`]
    if (args.install && local) {
      if (!existsSync(join(dirname(local), 'dist', 'index.mjs')))
        ctx.stderr.write(`warning: @stark/pack is not built: run npm run build in ${dirname(dirname(local))}\n`)
      const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      })
      if (npm.status !== 0)
        throw new CLIError(`npm install in ${shown} failed: ${(npm.stderr || String(npm.error ?? '')).trim()}`)
      lines.push(`linked @stark/pack from ${dirname(local)}`)
    }
    lines.push(
      'next:',
      `  cd ${shown}`,
      ...(args.install && local ? [] : ['  npm install']),
      '  npm test              # the unit test',
      '  npm run dev           # run it here, again on every save',
      '  npm run push          # register the next version (-- --service NAME rolls a service to it)',
    )
    return messageOutput(lines.join('\n'), {
      dir,
      name,
      runtime,
      ui: args.ui === true,
      files: Object.keys(files),
      packDependency,
    })
  },
})
