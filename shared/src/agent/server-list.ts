/**
 * The servers an agent may talk to: `serverUrl` is one URL or a comma-separated list of them (several
 * servers on one database). The agent uses one at a time and moves to the next when a connection to
 * it fails or drops, keeping its node identity and its pods.
 */
export interface ServerList {
  /** The server in use (no trailing slash). */
  readonly current: string
  readonly all: readonly string[]
  /** Moves to the next server (round robin); returns it. */
  next(): string
}

/** Splits a comma-separated list of server URLs; empty entries are dropped. */
export function parseServerUrls(value: string): string[] {
  const urls = value
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter((u) => u.length > 0)
  return [...new Set(urls)]
}

export function createServerList(value: string): ServerList {
  const all = parseServerUrls(value)
  if (all.length === 0) throw new Error('no server URL given')
  let index = 0
  return {
    get current() {
      return all[index]!
    },
    all,
    next() {
      index = (index + 1) % all.length
      return all[index]!
    },
  }
}
