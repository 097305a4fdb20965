/**
 * A hostile pack that tries every way out of a pod toward this machine, for the pod network tests
 * (unit and e2e): net, http, https, tls, http2, fetch, a raw TCP handle dug out of a socket, UDP
 * (dgram.createSocket and new dgram.Socket), a unix socket, a DNS server of its choosing,
 * listening, and a worker. It prints one line `PROBES {name: outcome}` where an outcome is
 * `denied` (refused inside the pod), `reached` (connected) or `error CODE` / `timeout`.
 *
 * The targets are servers the test runs on this machine: a TCP server on every address (`::`,
 * dual stack) that answers HTTP and counts connections, a UDP socket and a unix socket that count
 * what they get. Run under `open` the same pack reaches them all, so a `denied` elsewhere means
 * something.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { hostname, networkInterfaces } from 'node:os'
import { join } from 'node:path'

/** Names of the probes that open a TCP connection to the TCP target (each counts once when it gets through). */
export const TCP_PROBES = [
  'net4',
  'net6',
  'mapped',
  'any4',
  'any6',
  'localhost',
  'hostname',
  'http',
  'https',
  'tls',
  'http2',
  'fetch',
  'fetchLocalhost',
  'rawHandle',
] as const

/** This machine's own non-loopback addresses (link-local ones need a scope and are left out). */
export const ownAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal && !i.address.startsWith('fe80:'))
    .map((i) => i!.address)

export interface ProbeTargets {
  tcpPort: number
  udpPort: number
  socketPath: string
  /** Connections (TCP and unix) and datagrams each target has seen. */
  seen(): { tcp: number; unix: number; udp: number }
  close(): Promise<void>
}

export async function startProbeTargets(dir: string): Promise<ProbeTargets> {
  const counts = { tcp: 0, unix: 0, udp: 0 }
  const answer = (kind: 'tcp' | 'unix') => (c: import('node:net').Socket) => {
    counts[kind]++
    c.on('error', () => {})
    c.once('data', () => c.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nhi'))
  }
  const tcp: Server = createServer(answer('tcp'))
  await new Promise<void>((r) => tcp.listen({ port: 0, host: '::', ipv6Only: false }, r))
  const socketPath = join(dir, 'target.sock')
  const unix: Server = createServer(answer('unix'))
  await new Promise<void>((r) => unix.listen(socketPath, r))
  const udp: UdpSocket = createSocket('udp4')
  udp.on('message', () => counts.udp++)
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r))
  return {
    tcpPort: (tcp.address() as AddressInfo).port,
    udpPort: udp.address().port,
    socketPath,
    seen: () => ({ ...counts }),
    close: async () => {
      await Promise.all([
        new Promise((r) => tcp.close(r)),
        new Promise((r) => unix.close(r)),
        new Promise<void>((r) => udp.close(() => r())),
      ])
    },
  }
}

/** The pack (an ES module source) aimed at `targets`; own addresses are probed as `own:<address>`. */
export function networkProbePack(
  targets: Pick<ProbeTargets, 'tcpPort' | 'udpPort' | 'socketPath'>,
  own: string[] = ownAddresses(),
): string {
  const config = JSON.stringify({
    port: targets.tcpPort,
    udpPort: targets.udpPort,
    socketPath: targets.socketPath,
    own,
    hostname: hostname(),
  })
  return `
const C = ${config}
export default async function main() {
  const net = await import('node:net'), http = await import('node:http'), https = await import('node:https')
  const tls = await import('node:tls'), http2 = await import('node:http2'), dgram = await import('node:dgram')
  const dns = await import('node:dns'), asyncHooks = await import('node:async_hooks'), fs = await import('node:fs')
  const r = {}
  const deniedCode = (e) => e && (e.code === 'ERR_ACCESS_DENIED' || e.code === 'EACCES' || deniedCode(e.cause))
  const t = async (name, fn) => {
    let timer
    try {
      await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), 5000) })])
      r[name] = 'reached'
    } catch (e) {
      r[name] = deniedCode(e) ? 'denied' : 'error ' + (e.code || e.cause?.code || e.message)
    } finally { clearTimeout(timer) }
  }
  const tcp = (...args) => new Promise((res, rej) => { const s = net.connect(...args); s.on('connect', () => { res(); s.destroy() }); s.on('error', rej) })
  const get = (mod, options) => new Promise((res, rej) => { const q = mod.get(options, (x) => { x.resume(); res() }); q.on('error', rej) })
  await t('net4', () => tcp(C.port, '127.0.0.1'))
  await t('net6', () => tcp(C.port, '::1'))
  await t('mapped', () => tcp({ port: C.port, host: '::ffff:127.0.0.1' }))
  await t('any4', () => tcp(C.port, '0.0.0.0'))
  await t('any6', () => tcp(C.port, '::'))
  await t('localhost', () => tcp(C.port, 'localhost'))
  await t('hostname', () => tcp(C.port, C.hostname))
  await t('http', () => get(http, 'http://127.0.0.1:' + C.port + '/'))
  await t('https', () => get(https, { host: '127.0.0.1', port: C.port, rejectUnauthorized: false }))
  await t('tls', () => new Promise((res, rej) => { const s = tls.connect({ port: C.port, host: '127.0.0.1', rejectUnauthorized: false }); s.on('connect', () => { res(); s.destroy() }); s.on('error', rej) }))
  await t('http2', () => new Promise((res, rej) => { const s = http2.connect('http://127.0.0.1:' + C.port); s.on('connect', () => { res(); s.destroy() }); s.on('error', rej) }))
  await t('fetch', () => fetch('http://127.0.0.1:' + C.port + '/').then((x) => x.text()))
  await t('fetchLocalhost', () => fetch('http://localhost:' + C.port + '/').then((x) => x.text()))
  // Past the public API: a TCP handle class from a socket's _handle, a request object from an async hook.
  await t('rawHandle', () => new Promise((res, rej) => {
    let Req
    const hook = asyncHooks.createHook({ init(id, type, trigger, resource) { if (type === 'TCPCONNECTWRAP' || (!Req && type === 'FSREQCALLBACK')) Req = resource.constructor } }).enable()
    try { net.connect(C.port, '127.0.0.1').on('error', () => {}).on('connect', function () { this.destroy() }) } catch {}
    fs.stat('.', () => {})
    const s = new net.Socket()
    s.on('error', () => {})
    s.connect({ port: 1, host: 'probe.invalid', lookup: () => {} })
    const TCP = s._handle.constructor
    s.destroy()
    hook.disable()
    if (!Req) return rej(new Error('no request class found'))
    const h = new TCP(0)
    const req = new Req()
    req.oncomplete = (status) => (status < 0 ? rej(Object.assign(new Error('raw connect failed'), { code: 'UV' + status })) : (res(), h.close()))
    const err = h.connect(req, '127.0.0.1', C.port)
    if (err) rej(Object.assign(new Error('raw connect refused'), { code: err === -13 ? 'EACCES' : 'UV' + err }))
  }))
  for (const a of C.own) await t('own:' + a, () => tcp(C.port, a))
  await t('unixSocket', () => tcp(C.socketPath))
  await t('unixViaHttp', () => get(http, { socketPath: C.socketPath, path: '/' }))
  const udpSend = (sock) => new Promise((res, rej) => { sock.on('error', rej); sock.send('x', C.udpPort, '127.0.0.1', (e) => (e ? rej(e) : (res(), sock.close()))) })
  await t('udp', () => udpSend(dgram.createSocket('udp4')))
  await t('udpClass', () => udpSend(new dgram.Socket('udp4')))
  await t('dnsServer', async () => { const q = new dns.promises.Resolver({ timeout: 300, tries: 1 }); q.setServers(['127.0.0.1:' + C.udpPort]); await q.resolve4('example.invalid') })
  await t('listen', () => new Promise((res, rej) => { const srv = net.createServer(); srv.on('error', rej); srv.listen(0, '127.0.0.1', () => { res(); srv.close() }) }))
  await t('worker', async () => { const { Worker } = await import('node:worker_threads'); new Worker('require("net").connect(' + C.port + ', "127.0.0.1")', { eval: true }) })
  console.log('PROBES ' + JSON.stringify(r))
}
`
}
