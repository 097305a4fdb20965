/** How pods look in a table and in `pod status`. */
import { formatAffinity, formatPackRef } from '@stark/shared'
import { formatAge, formatMap, formatTime, type Column, type Field, type ListShape, type Tone } from '../lib/output'
import type { Pod, PodTransition } from './types'

export function podTone(status: string): Tone | undefined {
  if (status === 'Running' || status === 'Succeeded') return 'good'
  if (status === 'Pending' || status === 'Scheduled' || status === 'Stopping') return 'warn'
  if (status === 'Failed') return 'bad'
  if (status === 'Stopped') return 'dim'
  return undefined
}

export const podColumns: Column<Pod>[] = [
  { header: 'NAME', value: (p) => p.name },
  {
    header: 'STATUS',
    value: (p) => (p.reason && p.status !== 'Running' ? `${p.status} (${p.reason})` : p.status),
    tone: (p) => podTone(p.status),
  },
  { header: 'NODE', value: (p) => p.nodeName ?? '<none>' },
  { header: 'PACK', value: (p) => formatPackRef(p.pack, p.namespace) },
  { header: 'RESTARTS', value: (p) => String(p.restarts) },
  { header: 'AGE', value: (p, now) => formatAge(p.createdAt, now) },
]

/** How a pod list shows in `-o wide` and `-o name`, with a NAMESPACE column when it spans every namespace. */
export const podList = (allNamespaces: boolean): ListShape<Pod> => ({
  kind: 'pod',
  name: (p) => p.name,
  wide: [
    { header: 'SERVICE', value: (p) => p.service ?? '<none>' },
    { header: 'PRIORITY', value: (p) => String(p.priority) },
    { header: 'LABELS', value: (p) => formatMap(p.labels) },
  ],
  namespace: allNamespaces ? (p) => p.namespace : undefined,
})

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

/** `key=value:Effect`, `key:Effect` (exists), `*` (everything). */
export function formatToleration(t: Record<string, unknown>): string {
  const key = str(t.key)
  const value = t.operator === 'Exists' ? '' : str(t.value)
  const base = key ? `${key}${value ? `=${value}` : ''}` : t.operator === 'Exists' && !t.effect ? '*' : ''
  const effect = t.effect ? `:${str(t.effect)}` : ''
  const seconds = t.tolerationSeconds !== undefined ? `:${str(t.tolerationSeconds)}` : ''
  return `${base}${effect}${seconds}`
}

export function podFields(p: Pod, now: number): Field[] {
  return [
    { label: 'Name', value: p.name },
    { label: 'Namespace', value: p.namespace },
    { label: 'ID', value: p.id },
    { label: 'Status', value: p.status, tone: podTone(p.status) },
    { label: 'Reason', value: p.reason ?? '-' },
    { label: 'Message', value: p.message ?? '-' },
    { label: 'Node', value: p.nodeName ?? '<none>' },
    { label: 'Pack', value: `${formatPackRef(p.pack, p.namespace)} (${p.pack.runtime})` },
    { label: 'Service', value: p.service ?? '-' },
    { label: 'Incarnation', value: String(p.incarnation) },
    { label: 'Restarts', value: String(p.restarts) },
    { label: 'Restart policy', value: p.restartPolicy },
    { label: 'Priority', value: p.priorityClass ? `${p.priority} (class ${p.priorityClass})` : String(p.priority) },
    { label: 'Requests', value: `cpu ${p.resources.cpu}m, memory ${p.resources.memory}MB` },
    {
      label: 'Usage',
      value: p.usage ? `cpu ${p.usage.cpu}m, memory ${p.usage.memory}MB (reported ${formatAge(p.usage.at, now)} ago)` : '-',
    },
    { label: 'Labels', value: formatMap(p.labels) },
    { label: 'Selector', value: formatMap(p.selector) },
    { label: 'Tolerations', value: p.tolerations.map(formatToleration).join(', ') || '-' },
    { label: 'Affinity', value: formatAffinity(p.affinity) },
    { label: 'Env', value: Object.keys(p.env).join(', ') || '-' },
    { label: 'Args', value: p.args.length ? p.args.join(' ') : '-' },
    { label: 'Exit code', value: p.exitCode === null ? '-' : String(p.exitCode) },
    { label: 'Created', value: formatTime(p.createdAt, now) },
    { label: 'Scheduled', value: formatTime(p.scheduledAt, now) },
    { label: 'Started', value: formatTime(p.startedAt, now) },
    { label: 'Finished', value: formatTime(p.finishedAt, now) },
    ...(p.deletedAt ? [{ label: 'Deleted', value: formatTime(p.deletedAt, now) }] : []),
  ]
}

export const podHistoryColumns: Column<PodTransition>[] = [
  { header: 'TIME', value: (h, now) => formatTime(h.at, now) },
  { header: 'RUN', value: (h) => String(h.incarnation) },
  { header: 'STATUS', value: (h) => h.status, tone: (h) => podTone(h.status) },
  { header: 'REASON', value: (h) => h.reason ?? '' },
  { header: 'NODE', value: (h) => h.nodeName ?? '' },
  { header: 'MESSAGE', value: (h) => h.message ?? '' },
]
