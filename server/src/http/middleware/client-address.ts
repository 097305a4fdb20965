/**
 * Which address a request comes from, for throttling. `X-Forwarded-For` is believed only when the
 * connection comes from a trusted proxy (`--trusted-proxy CIDR,…` / STARK_TRUSTED_PROXIES), and
 * then read from the right, skipping trusted proxies: the first address that is not one is the
 * client (anything further left was written by the client and may be forged). Without trusted
 * proxies the header is ignored.
 */
import { BlockList, isIP } from 'node:net'

export type ClientAddress = (remote: string | undefined, forwardedFor: string | undefined) => string

const unmap = (address: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address)

/** Parses `10.0.0.0/8,::1,192.168.1.7`; throws a message naming the bad entry. */
export function parseTrustedProxies(text: string): string[] {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
  for (const e of entries) {
    const [address, prefix, extra] = e.split('/')
    const family = isIP(address ?? '')
    const bits = prefix === undefined ? undefined : Number(prefix)
    const max = family === 4 ? 32 : 128
    if (!family || extra !== undefined || (bits !== undefined && (!/^\d+$/.test(prefix!) || bits > max))) {
      throw new Error(`trusted proxy "${e}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)`)
    }
  }
  return entries
}

export function createClientAddress(trusted: readonly string[]): ClientAddress {
  const list = new BlockList()
  for (const e of trusted) {
    const [address, prefix] = e.split('/') as [string, string | undefined]
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6'
    if (prefix === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(prefix), type)
  }
  const isTrusted = (address: string) => {
    const family = isIP(address)
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }
  return (remote, forwardedFor) => {
    const direct = unmap(remote ?? 'local')
    if (trusted.length === 0 || !forwardedFor || !isTrusted(direct)) return direct
    const hops = forwardedFor
      .split(',')
      .map((h) => unmap(h.trim()))
      .slice(-32)
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!
      if (!isIP(hop)) return direct
      if (!isTrusted(hop)) return hop
    }
    return hops[0] && isIP(hops[0]) ? hops[0] : direct
  }
}
