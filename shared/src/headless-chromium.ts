/**
 * The flags every headless Chromium of Stark starts with (the browser fleet, the browser tests): no
 * sandbox or GPU process (a server has neither to spare), no QUIC, and none of Chromium's own
 * background traffic (first-run, updates, sync), so a browser node talks only to its server.
 */
export const HEADLESS_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
