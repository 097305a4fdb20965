/**
 * How a command opens, once: the CLI context it was run with, the settings (flags, environment,
 * config.json), the namespace it acts in (`--namespace`, else the configured default), and — for
 * a command that talks to the server — the typed client with the stored session.
 */
import { type Api, type ConnectOptions, connect } from './client'
import { type GlobalFlags, resolveSettings, type Settings } from './config'
import { type CliContext, contextFrom } from './context'

export interface CommandSettings {
  ctx: CliContext
  settings: Settings
  /** `--namespace`, else the configured default (undefined: the server's default). */
  namespace: string | undefined
}

type CommandFlags = GlobalFlags & { namespace?: string | undefined }

/** The context, settings and namespace of a command run with citty's `data` and its parsed flags. */
export function commandSettings(data: unknown, args: CommandFlags): CommandSettings {
  const ctx = contextFrom(data)
  const settings = resolveSettings(ctx, args)
  return { ctx, settings, namespace: args.namespace || settings.namespace }
}

/** `commandSettings` plus a connected client (exit 3 when not logged in, unless `auth` says otherwise). */
export function openCommand(data: unknown, args: CommandFlags, options?: ConnectOptions): CommandSettings & Api {
  const opened = commandSettings(data, args)
  return { ...opened, ...connect(opened.ctx, opened.settings, options) }
}
