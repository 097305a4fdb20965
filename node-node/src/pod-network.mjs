// The pod's network guard (see pod-process.mjs). Plain JavaScript on purpose: it runs in the pod
// process, beside pod-process.mjs, before anything of the pack is loaded.
//
// Node 20 has no network permission, so the guard sits at two levels:
//  * the public APIs (net.Socket#connect, net.Server#listen, dgram, dns servers): a clear
//    ERR_ACCESS_DENIED, names checked after resolution (a name for this machine is this machine);
//  * the native handles underneath them (TCP, Pipe, UDP, the c-ares channel): every connect of a
//    TCP handle is checked against the same block list, pipes and UDP sockets cannot connect, bind
//    or send at all, and no handle may listen. A pack that digs out a handle class (socket._handle
//    .constructor) finds only the guarded methods. net, http, https, tls, http2 and fetch (undici
//    calls net.connect) all end in these handles.
// The check per connection is one BlockList lookup; the guard is set up once per pod process.
//
// Modes:
//   default     no loopback or 0.0.0.0 (IPv4, IPv6, IPv4-mapped), none of this machine's own
//               interface addresses, no link-local, multicast or broadcast; no unix sockets, no
//               UDP (nor DNS servers of the pack's choosing), no listening
//   restricted  that, and no private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 …)
//   open        nothing checked: pods reach this machine (only an admin may start such a node)

const EACCES = -13 // a libuv error code: the socket fails as if the OS refused it

/** The block list of a mode, with this machine's own addresses (os.networkInterfaces()). */
export function blockListFor(mode, net, interfaces) {
  const list = new net.BlockList()
  const v4 = (a, bits) => list.addSubnet(a, bits, 'ipv4')
  const v6 = (a, bits) => list.addSubnet(a, bits, 'ipv6')
  v4('0.0.0.0', 8) // "this host": 0.0.0.0 connects to the loopback
  v4('127.0.0.0', 8)
  v4('169.254.0.0', 16) // link-local: 169.254.169.254, cloud instance credentials
  v4('224.0.0.0', 4) // multicast
  v4('255.255.255.255', 32)
  v6('::', 96) // ::, ::1 and the IPv4-compatible ::a.b.c.d (IPv4-mapped ones meet the IPv4 rules)
  v6('::ffff:0:0:0', 96) // IPv4-translated
  v6('fe80::', 10) // link-local
  v6('fec0::', 10) // site-local (deprecated)
  v6('ff00::', 8) // multicast
  for (const list_ of Object.values(interfaces ?? {})) {
    for (const i of list_ ?? []) {
      const address = String(i.address).split('%')[0]
      const family = net.isIP(address)
      if (family) list.addAddress(address, family === 6 ? 'ipv6' : 'ipv4')
    }
  }
  if (mode === 'restricted') {
    v4('10.0.0.0', 8)
    v4('172.16.0.0', 12)
    v4('192.168.0.0', 16)
    v4('100.64.0.0', 10) // carrier-grade NAT
    v4('192.0.0.0', 24)
    v4('198.18.0.0', 15)
    v6('fc00::', 7) // unique local
    v6('64:ff9b:1::', 48) // local-use NAT64
  }
  return list
}

/** Whether a literal address is refused (anything that is not a valid address is). */
export function blockedAddress(list, net, address) {
  const bare = String(address).split('%')[0]
  const family = net.isIP(bare)
  if (!family) return true
  return list.check(bare, family === 6 ? 'ipv6' : 'ipv4')
}

/**
 * Installs the guard for `mode` ('default' | 'restricted' | 'open'). `modules` are the pod's own
 * node:net, node:dgram, node:dns and node:os; `denied(what)` makes the error thrown.
 */
export function guardNetwork(mode, { net, dgram, dns, os }, denied) {
  if (mode === 'open') return
  const list = blockListFor(mode, net, os.networkInterfaces())
  const isBlocked = (address) => blockedAddress(list, net, address)
  const refuse = (what) => denied(`connecting to ${what} (pod network mode ${mode})`)
  const lock = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: false })

  // ---- native handles --------------------------------------------------------------------------
  // The classes are reached the way a pack would: from a handle. A TCP handle exists as soon as a
  // socket starts to connect (before its name is looked up): this lookup never answers.
  const probe = new net.Socket()
  probe.connect({ port: 9, host: 'probe.invalid', lookup: () => {} })
  const TCP = probe._handle?.constructor
  probe.destroy()
  const udpProbe = new dgram.Socket('udp4')
  const UDP = Object.getOwnPropertySymbols(udpProbe)
    .map((s) => udpProbe[s])
    .find((v) => v && typeof v === 'object' && v.handle)?.handle?.constructor
  udpProbe.close()
  const Pipe = (process.stdout._handle ?? process.stderr._handle ?? process.channel)?.constructor
  const Resolver = new dns.Resolver()._handle?.constructor

  const refused = () => EACCES
  const guardMethods = (cls, methods) => {
    if (!cls?.prototype) throw new Error('the pod network guard could not find a handle class')
    for (const [name, fn] of Object.entries(methods))
      if (typeof cls.prototype[name] === 'function') lock(cls.prototype, name, fn(cls.prototype[name]))
  }
  const checkedConnect = (original) =>
    function connect(req, address, ...rest) {
      return isBlocked(address) ? EACCES : original.call(this, req, address, ...rest)
    }
  guardMethods(TCP, {
    connect: checkedConnect,
    connect6: checkedConnect,
    bind: () => refused,
    bind6: () => refused,
    listen: () => refused,
    open: () => refused,
  })
  guardMethods(Pipe, { connect: () => refused, bind: () => refused, listen: () => refused })
  guardMethods(
    UDP,
    Object.fromEntries(['open', 'bind', 'bind6', 'connect', 'connect6', 'send', 'send6'].map((m) => [m, () => refused])),
  )
  // A DNS server is a UDP (and TCP) peer the pack would choose: the system's resolvers only.
  guardMethods(Resolver, {
    setServers: () =>
      function setServers() {
        throw denied(`choosing DNS servers (pod network mode ${mode})`)
      },
  })

  // ---- public APIs: the same rules, with clear errors ----------------------------------------
  const noUdp = function noUdp() {
    throw denied(`UDP (pod network mode ${mode})`)
  }
  lock(dgram, 'createSocket', noUdp)
  lock(dgram, 'Socket', noUdp)

  const guardedLookup = (lookup) => (hostname, options, callback) =>
    (lookup ?? dns.lookup)(hostname, options, (error, address, family) => {
      if (error) return callback(error)
      if (Array.isArray(address)) {
        const allowed = address.filter((a) => !isBlocked(a.address))
        return allowed.length
          ? callback(null, allowed)
          : callback(refuse(`${hostname} (${address.map((a) => a.address).join(', ')})`))
      }
      return isBlocked(address) ? callback(refuse(`${hostname} (${address})`)) : callback(null, address, family)
    })
  const connect = net.Socket.prototype.connect
  lock(net.Socket.prototype, 'connect', function connectChecked(...args) {
    let options
    // net.connect() hands over its arguments already normalised, as one array [options, callback].
    if (Array.isArray(args[0])) args = [...args[0], ...args.slice(1)]
    if (args[0] !== null && typeof args[0] === 'object') options = { ...args.shift() }
    else if (typeof args[0] === 'string' && !/^\d+$/.test(args[0])) options = { path: args.shift() }
    else {
      options = { port: args.shift() }
      if (typeof args[0] === 'string') options.host = args.shift()
    }
    if (options.path !== undefined && options.path !== null) throw refuse(`the local socket ${String(options.path)}`)
    if (options.localAddress !== undefined || options.localPort !== undefined)
      throw denied(`binding a local address (pod network mode ${mode})`)
    const host = options.host || 'localhost'
    if (net.isIP(String(host).split('%')[0])) {
      if (isBlocked(host)) throw refuse(host)
    } else options.lookup = guardedLookup(options.lookup)
    return connect.call(this, options, ...args)
  })
  lock(net.Server.prototype, 'listen', function listenDenied() {
    throw denied(`listening (pod network mode ${mode})`)
  })
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    if (typeof target.setServers !== 'function') continue
    lock(target, 'setServers', function setServersDenied() {
      throw denied(`choosing DNS servers (pod network mode ${mode})`)
    })
  }
}
