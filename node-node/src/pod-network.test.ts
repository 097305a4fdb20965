import net from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { realClock, silentLogger } from '@stark/shared'
import { podAssignment } from '@stark/shared/testing'
// @ts-expect-error: plain JavaScript, the pod process's own module
import { blockedAddress, blockListFor } from './pod-network.mjs'
import { createProcessExecutor } from './process-executor'
import type { PodNetwork } from './pod-process-pool'
import { bundleDir, output } from './testing/executor-cases'
import { networkProbePack, ownAddresses, startProbeTargets, TCP_PROBES, type ProbeTargets } from './testing/network-probes'

const blocked = (mode: PodNetwork, address: string) =>
  blockedAddress(blockListFor(mode, net, networkInterfaces()), net, address) as boolean

describe('the block list of each pod network mode (no connection made)', () => {
  const thisMachine = [
    '127.0.0.1',
    '127.8.9.10',
    '0.0.0.0',
    '0.1.2.3',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:7f00:0001',
    '::127.0.0.1',
    '::ffff:0.0.0.0',
  ]
  const linkLocal = ['169.254.169.254', '::ffff:169.254.169.254', 'fe80::1', 'fe80::1%eth0']
  const privateRanges = [
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '100.64.0.1',
    'fd00::1',
    'fc00::1',
    '::ffff:10.0.0.1',
  ]
  const elsewhere = ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '172.32.0.1']

  it('default: this machine by any address (its interfaces too), link-local, multicast and junk are refused; other hosts are not', () => {
    for (const a of [
      ...thisMachine,
      ...linkLocal,
      ...ownAddresses(),
      '224.0.0.1',
      'ff02::1',
      '255.255.255.255',
      'not-an-address',
      '',
    ])
      expect(blocked('default', a), a).toBe(true)
    for (const a of [...privateRanges.filter((a) => !ownAddresses().includes(a)), ...elsewhere])
      expect(blocked('default', a), a).toBe(false)
  })

  it('restricted: private ranges as well', () => {
    for (const a of [...thisMachine, ...linkLocal, ...privateRanges]) expect(blocked('restricted', a), a).toBe(true)
    for (const a of elsewhere) expect(blocked('restricted', a), a).toBe(false)
  })
})

describe('a hostile pack against real servers on this machine', () => {
  let bundles: Awaited<ReturnType<typeof bundleDir>>
  let targets: ProbeTargets
  let n = 0

  beforeAll(async () => {
    bundles = await bundleDir('stark-pod-network-')
    targets = await startProbeTargets(bundles.dir)
  })
  afterAll(async () => {
    await targets.close()
    await bundles.remove()
  })

  async function probe(network: PodNetwork, source = networkProbePack(targets), warmPool = 0) {
    const executor = createProcessExecutor({ clock: realClock, log: silentLogger, warmPool, network })
    try {
      const out = output()
      const run = executor.start(podAssignment({ podId: `net-${++n}` }), 'node-x', await bundles.bundle(source), out.io)
      const exit = await run.done
      expect(exit.status, JSON.stringify({ exit, stderr: out.of('stderr') })).toBe('Succeeded')
      const line = out.of('stdout').find((l) => l.startsWith('PROBES '))
      return JSON.parse(line!.slice('PROBES '.length)) as Record<string, string>
    } finally {
      executor.close()
    }
  }

  it('open: the same pack reaches every target (so the refusals below are real); workers stay forbidden', async () => {
    const before = targets.seen()
    const r = await probe('open')
    for (const name of [
      ...TCP_PROBES,
      ...ownAddresses().map((a) => `own:${a}`),
      'unixSocket',
      'unixViaHttp',
      'udp',
      'udpClass',
      'listen',
    ]) {
      expect(r[name], `${name}: ${r[name]}`).not.toBe('denied')
      expect(r[name], `${name}: ${r[name]}`).not.toBe('error TIMEOUT')
    }
    expect(r.worker).toBe('denied')
    const after = targets.seen()
    expect(after.tcp - before.tcp).toBeGreaterThanOrEqual(TCP_PROBES.length + ownAddresses().length)
    expect(after.unix - before.unix).toBe(2)
    expect(after.udp - before.udp).toBeGreaterThanOrEqual(3) // two datagrams and a DNS query
  })

  for (const mode of ['default', 'restricted'] as const) {
    it(`${mode}: every way to this machine is refused in the pod, and no target sees a connection`, async () => {
      const before = targets.seen()
      const r = await probe(mode)
      expect(Object.keys(r).length).toBe(TCP_PROBES.length + ownAddresses().length + 7)
      for (const [name, outcome] of Object.entries(r)) expect(outcome, name).toBe('denied')
      expect(targets.seen()).toEqual(before)
    })
  }

  it('default, in a spare of the warm pool (its fetch made ready on its own loopback server before the guard): still every way refused', async () => {
    const before = targets.seen()
    const r = await probe('default', networkProbePack(targets), 1)
    expect(Object.keys(r).length).toBe(TCP_PROBES.length + ownAddresses().length + 7)
    for (const [name, outcome] of Object.entries(r)) expect(outcome, name).toBe('denied')
    expect(targets.seen()).toEqual(before)
  })

  it('restricted: private ranges are refused before a packet leaves', async () => {
    const r = await probe(
      'restricted',
      `export default async function main() {
        const net = await import('node:net')
        const r = {}
        for (const host of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', 'fd00::1']) {
          try { net.connect(80, host).on('error', () => {}); r[host] = 'reached' } catch (e) { r[host] = e.code === 'ERR_ACCESS_DENIED' ? 'denied' : 'error ' + e.code }
        }
        try { await fetch('http://10.1.2.3/'); r.fetch = 'reached' } catch (e) { r.fetch = e.cause?.code === 'ERR_ACCESS_DENIED' ? 'denied' : 'error ' + (e.cause?.code ?? e.message) }
        console.log('PROBES ' + JSON.stringify(r))
      }`,
    )
    expect(r).toEqual({
      '10.1.2.3': 'denied',
      '172.16.0.1': 'denied',
      '192.168.1.1': 'denied',
      '100.64.0.1': 'denied',
      'fd00::1': 'denied',
      fetch: 'denied',
    })
  })
})
