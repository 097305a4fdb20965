/**
 * What a join link carries in its fragment (never sent to any server, so never in a log):
 * `#join=<token>[&name=<node name>][&label=k=v]...[&headless=1][&servers=<url>,<url>]`. `servers`
 * lists the other servers on the same database: the node moves to one when its server fails. A headless page (a fleet's) joins
 * at once and shows only its node; `#node=<name>` brings such a page back after a reload.
 */
import { parseLabel, type Labels } from '@stark/shared'

export interface JoinParams {
  token?: string
  name?: string
  labels: Labels
  /** A fleet page: join without asking, show only this node. */
  headless: boolean
  /** Other servers on the same database (http/https origins only). */
  servers?: string[]
}

/** The http(s) origins of a comma-separated list; anything else is left out. */
export function parseServers(list: string | null): string[] {
  const out: string[] = []
  for (const item of (list ?? '').split(',')) {
    try {
      const u = new URL(item.trim())
      if ((u.protocol === 'http:' || u.protocol === 'https:') && !out.includes(u.origin)) out.push(u.origin)
    } catch {
      /* not a URL: left out */
    }
  }
  return out.slice(0, 16)
}

export function parseFragment(hash: string): JoinParams {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const labels: Labels = {}
  for (const l of params.getAll('label')) {
    try {
      const [k, v] = parseLabel(l)
      labels[k] = v
    } catch {
      /* a bad label in a link is ignored, not fatal */
    }
  }
  const token = params.get('join') ?? undefined
  const name = params.get('name') ?? params.get('node') ?? undefined
  const headless = params.get('headless') === '1' || params.has('node')
  const servers = parseServers(params.get('servers'))
  return { ...(token ? { token } : {}), ...(name ? { name } : {}), labels, headless, ...(servers.length ? { servers } : {}) }
}

/** The fragment to leave in the address bar once the token is used: the token never stays. */
export const fragmentAfterJoin = (p: JoinParams) => (p.headless && p.name ? `#node=${encodeURIComponent(p.name)}` : '')
