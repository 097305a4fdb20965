import { describe, expect, it } from 'vitest'
import { DEFAULT_CHROMIUM, fleetChromium, HEADLESS_SHELLS } from './fleet-browser'

describe('the Chromium a fleet runs', () => {
  const shell = HEADLESS_SHELLS[0]!
  it('is STARK_FLEET_CHROMIUM when set, whatever is installed', () => {
    expect(fleetChromium({ STARK_FLEET_CHROMIUM: '/opt/c', CHROMIUM_PATH: '/x' }, () => true)).toBe('/opt/c')
  })
  it('is the headless shell when installed, before CHROMIUM_PATH', () => {
    expect(fleetChromium({ CHROMIUM_PATH: '/x' }, (p) => p === shell)).toBe(shell)
    expect(fleetChromium({}, (p) => p === HEADLESS_SHELLS[1])).toBe(HEADLESS_SHELLS[1])
  })
  it('is CHROMIUM_PATH, else the default, without a headless shell', () => {
    expect(fleetChromium({ CHROMIUM_PATH: '/x' }, () => false)).toBe('/x')
    expect(fleetChromium({}, () => false)).toBe(DEFAULT_CHROMIUM)
  })
})
