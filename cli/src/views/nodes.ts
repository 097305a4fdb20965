/** How nodes look in a table and in `node status`. */
import { formatTaint } from '@stark/shared'
import { formatAge, formatMap, formatTime, type Column, type Field, type ListShape, type Tone } from '../lib/output'
import type { Node } from './types'

const pressure = (n: Node) => (n.conditions ?? []).filter((c) => c.type.endsWith('Pressure'))

export const nodeTone = (n: Node): Tone | undefined =>
  n.status === 'Ready' ? (n.unschedulable || pressure(n).length ? 'warn' : 'good') : n.status === 'NotReady' ? 'warn' : 'bad'

const nodeStatus = (n: Node) =>
  [n.status, ...pressure(n).map((c) => c.type), ...(n.unschedulable ? ['SchedulingDisabled'] : [])].join(',')
const cpu = (n: Node) => `${n.allocated.cpu}m/${n.allocatable.cpu}m`
const memory = (n: Node) => `${n.allocated.memory}MB/${n.allocatable.memory}MB`
const pods = (n: Node) => `${n.allocated.pods}/${n.allocatable.pods}`

export const nodeColumns: Column<Node>[] = [
  { header: 'NAME', value: (n) => n.name },
  { header: 'RUNTIME', value: (n) => n.runtime },
  { header: 'STATUS', value: nodeStatus, tone: nodeTone },
  { header: 'CPU', value: cpu },
  { header: 'MEMORY', value: memory },
  { header: 'PODS', value: pods },
  { header: 'AGE', value: (n, now) => formatAge(n.createdAt, now) },
]

/** How a node list shows in `-o wide` (taints, agent, labels) and `-o name`. */
export const nodeList: ListShape<Node> = {
  kind: 'node',
  name: (n) => n.name,
  wide: [
    { header: 'VERSION', value: (n) => n.agentVersion ?? '-' },
    { header: 'POD-NETWORK', value: (n) => n.podNetwork ?? '-' },
    { header: 'TAINTS', value: (n) => n.taints.map(formatTaint).join(',') || '<none>' },
    { header: 'LABELS', value: (n) => formatMap(n.labels) },
  ],
}

export function nodeFields(n: Node, now: number): Field[] {
  return [
    { label: 'Name', value: n.name },
    { label: 'ID', value: n.id },
    { label: 'Runtime', value: n.runtime },
    { label: 'Status', value: nodeStatus(n), tone: nodeTone(n) },
    { label: 'Reason', value: n.reason ?? '-' },
    { label: 'Labels', value: formatMap(n.labels) },
    { label: 'Taints', value: n.taints.map(formatTaint).join(', ') || '-' },
    { label: 'CPU', value: `${cpu(n)} (allocated/allocatable)` },
    { label: 'Memory', value: `${memory(n)} (allocated/allocatable)` },
    { label: 'Pods', value: `${pods(n)} (allocated/allocatable)` },
    {
      label: 'Used',
      value: n.used
        ? `cpu ${n.used.cpu}m, memory ${n.used.memory}MB by ${n.used.pods} running pod${n.used.pods === 1 ? '' : 's'} (as the node reports)`
        : '- (not reported)',
    },
    {
      label: 'Conditions',
      value: (n.conditions ?? []).map((c) => `${c.type} (${c.reason}): ${c.message}`).join('; ') || '-',
      ...(pressure(n).length ? { tone: 'warn' as const } : {}),
    },
    { label: 'Pod network', value: n.podNetwork ?? '-' },
    { label: 'Trusted', value: n.trusted ? 'yes' : 'no' },
    { label: 'Agent version', value: n.agentVersion ?? '-' },
    { label: 'Last heartbeat', value: formatTime(n.lastHeartbeatAt, now) },
    { label: 'Connected', value: formatTime(n.connectedAt, now) },
    { label: 'Created', value: formatTime(n.createdAt, now) },
  ]
}
