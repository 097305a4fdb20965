import { describe, expect, it } from 'vitest'
import { listOutput, recordOutput, renderOutput } from '../lib/output'
import { nodeColumns, nodeFields } from './nodes'
import type { Node } from './types'

const NOW = Date.parse('2026-11-27T12:00:00Z')

const node = (over: Partial<Node> = {}): Node => ({
  id: 'n1',
  name: 'box1',
  runtime: 'node',
  status: 'Ready',
  reason: 'Registered',
  labels: { zone: 'home' },
  taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }],
  unschedulable: false,
  trusted: true,
  allocatable: { cpu: 4000, memory: 8192, pods: 110 },
  allocated: { cpu: 250, memory: 128, pods: 2 },
  used: null,
  ownerId: null,
  agentVersion: '0.1.0',
  conditions: [],
  podNetwork: 'default',
  lastHeartbeatAt: '2026-11-27T11:59:58.000Z',
  connectedAt: '2026-11-27T11:00:00.000Z',
  createdAt: '2026-11-25T12:00:00.000Z',
  ...over,
})

describe('node views', () => {
  it('lists nodes with allocated/allocatable CPU, memory and pods', () => {
    const text = renderOutput(
      listOutput([node(), node({ name: 'tab-7', runtime: 'browser', status: 'Offline', unschedulable: true })], nodeColumns),
      {
        format: 'plain',
        color: false,
        now: NOW,
      },
    )
    expect(text).toBe(
      'box1\tnode\tReady\t250m/4000m\t128MB/8192MB\t2/110\t2d\ntab-7\tbrowser\tOffline,SchedulingDisabled\t250m/4000m\t128MB/8192MB\t2/110\t2d\n',
    )
  })

  it('shows labels, taints and capacity in node status', () => {
    const text = renderOutput(recordOutput(node(), nodeFields), { format: 'table', color: false, now: NOW })
    expect(text).toMatch(/^Labels: +zone=home$/m)
    expect(text).toMatch(/^Taints: +gpu=yes:NoSchedule$/m)
    expect(text).toMatch(/^CPU: +250m\/4000m \(allocated\/allocatable\)$/m)
    expect(text).toMatch(/^Last heartbeat: +2026-11-27T11:59:58.000Z \(2s ago\)$/m)
  })

  it('shows a pressure condition in the status and in node status', () => {
    const n = node({
      conditions: [
        { type: 'ResourcePressure', reason: 'EMFILE', message: 'could not start a pod process: spawn EMFILE', since: 0 },
      ],
    })
    const list = renderOutput(listOutput([n], nodeColumns), { format: 'plain', color: false, now: NOW })
    expect(list).toMatch(/^box1\tnode\tReady,ResourcePressure\t/)
    const text = renderOutput(recordOutput(n, nodeFields), { format: 'table', color: false, now: NOW })
    expect(text).toMatch(/^Conditions: +ResourcePressure \(EMFILE\): could not start a pod process: spawn EMFILE$/m)
    expect(text).toMatch(/^Pod network: +default$/m)
  })
})
