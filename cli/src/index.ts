export { root } from './root'
export { execute, resolveTarget, renderHelp } from './lib/run'
export { CLIError, ExitCode } from './lib/errors'
export type { CliContext, Writer } from './lib/context'
export type { Output } from './lib/output'
export {
  DEFAULT_CHROMIUM,
  FLEET_CHROMIUM_ARGS,
  fleetChromium,
  launchFleet,
  type Fleet,
  type FleetOptions,
} from './commands/fleet/launch'
