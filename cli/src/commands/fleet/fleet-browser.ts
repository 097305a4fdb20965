/**
 * Which Chromium a fleet runs. Chromium's old headless shell (Debian: `apt-get install
 * chromium-headless-shell`) is the content layer without the browser around it: no tabs, profile
 * services or extensions system. A fleet page costs a third of the CPU in it (blank pages on a
 * 2-core machine: ~12 ms each against ~45 ms in Chromium's new headless mode; a fleet page joining,
 * ~60 ms against ~95 ms), and a fleet needs nothing of the full browser. So: STARK_FLEET_CHROMIUM
 * when set, else the headless shell when installed, else CHROMIUM_PATH, else /usr/bin/chromium.
 */
import { existsSync } from 'node:fs'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

/** Where Debian's chromium-headless-shell puts the program (/usr/bin has a wrapper script that does not exec). */
export const HEADLESS_SHELLS = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell']

export function fleetChromium(env: Record<string, string | undefined>, exists: (path: string) => boolean = existsSync): string {
  if (env.STARK_FLEET_CHROMIUM) return env.STARK_FLEET_CHROMIUM
  return HEADLESS_SHELLS.find(exists) ?? (env.CHROMIUM_PATH || DEFAULT_CHROMIUM)
}
