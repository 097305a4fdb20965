/** How services look in a table and in `service status`. */
import { formatPackRef } from '@stark/shared'
import type { StarkClient } from '@stark/server/client'
import type { InferResponseType } from 'hono/client'
import { formatAge, formatMap, formatTime, type Column, type Field, type ListShape, type Tone } from '../lib/output'
import { formatToleration, podTone } from './pods'

type Api = StarkClient['api']
export type Service = InferResponseType<Api['services']['$post'], 201>
export type ServiceDetail = InferResponseType<Api['services'][':ref']['$get'], 200>

/** Every pod up to date and available, no rollout, nothing being deleted. */
export function converged(s: Service): boolean {
  const c = s.counts
  return !s.deleting && s.rollout === null && c.current === c.desired && c.updated === c.desired && c.available === c.desired
}

/**
 * Why the service's latest rollout did not succeed, or undefined: it failed with no healthy version
 * to go back to (RolloutFailed), or it was rolled back automatically after repeated failures
 * (RolledBack). A rollback the user asked for is not a failure.
 */
export function rolloutFailure(s: Service): string | undefined {
  if (s.condition?.type === 'RolloutFailed') return `rollout failed: ${s.condition.message}`
  if (s.condition?.type === 'RolledBack') return `rollout failed and was rolled back: ${s.condition.message}`
  return undefined
}

export function serviceTone(s: Service): Tone | undefined {
  if (s.deleting || s.paused) return 'dim'
  if (s.condition?.type === 'RolledBack' || s.condition?.type === 'RolloutFailed') return 'bad'
  return converged(s) ? 'good' : 'warn'
}

export const serviceState = (s: Service) =>
  s.deleting
    ? 'Deleting'
    : s.paused
      ? 'Paused'
      : s.rollout
        ? s.rollout.rollback
          ? 'RollingBack'
          : 'RollingOut'
        : converged(s)
          ? 'Available'
          : 'Progressing'

export const serviceColumns: Column<Service>[] = [
  { header: 'NAME', value: (s) => s.name },
  { header: 'MODE', value: (s) => s.mode },
  { header: 'PACK', value: (s) => formatPackRef(s.pack, s.namespace) },
  { header: 'DESIRED', value: (s) => String(s.counts.desired) },
  { header: 'READY', value: (s) => `${s.counts.ready}/${s.counts.desired}` },
  { header: 'UP-TO-DATE', value: (s) => String(s.counts.updated) },
  { header: 'AVAILABLE', value: (s) => String(s.counts.available) },
  { header: 'STATE', value: serviceState, tone: serviceTone },
  { header: 'AGE', value: (s, now) => formatAge(s.createdAt, now) },
]

/** How a service list shows in `-o wide` and `-o name`, with a NAMESPACE column when it spans every namespace. */
export const serviceList = (allNamespaces: boolean): ListShape<Service> => ({
  kind: 'service',
  name: (s) => s.name,
  wide: [
    { header: 'SELECTOR', value: (s) => formatMap(s.template.selector) },
    { header: 'LABELS', value: (s) => formatMap(s.labels) },
  ],
  namespace: allNamespaces ? (s) => s.namespace : undefined,
})

/** A version the service ran or runs, as its namespace reads it. */
const versionIn = (namespace: string) => (v: { namespace: string; name: string; version: string } | null) =>
  v ? formatPackRef(v, namespace) : '-'

export function serviceFields(s: ServiceDetail, now: number): Field[] {
  const c = s.counts
  const t = s.template
  const version = versionIn(s.namespace)
  return [
    { label: 'Name', value: s.name },
    { label: 'Namespace', value: s.namespace },
    { label: 'ID', value: s.id },
    { label: 'Mode', value: s.mode === 'daemonset' ? 'daemonset (one pod on every matching node)' : `replicas (${s.replicas})` },
    { label: 'Pack', value: version(s.pack) + (s.followLatest ? ' (follows the latest version)' : '') },
    { label: 'State', value: serviceState(s), tone: serviceTone(s) },
    {
      label: 'Pods',
      value: `desired ${c.desired}, current ${c.current}, ready ${c.ready}, up-to-date ${c.updated}, available ${c.available}`,
    },
    {
      label: 'Condition',
      value: s.condition ? `${s.condition.type} (${s.condition.reason}): ${s.condition.message}` : '-',
      tone: serviceTone(s),
    },
    ...(s.rollout
      ? [
          {
            label: 'Rollout',
            value: `${version(s.rollout.from)} → ${version(s.rollout.to)}${s.rollout.rollback ? ' (automatic rollback)' : ''}, ${s.rollout.failures} failure(s) in a row, since ${formatTime(s.rollout.startedAt, now)}`,
          },
        ]
      : []),
    { label: 'Healthy version', value: version(s.healthyVersion) },
    ...(s.failedVersion
      ? [
          {
            label: 'Failed version',
            value: `${version(s.failedVersion)} (not retried until the service is updated)`,
            tone: 'bad' as const,
          },
        ]
      : []),
    {
      label: 'Strategy',
      value: `maxSurge ${s.strategy.maxSurge}, maxUnavailable ${s.strategy.maxUnavailable}, minReadySeconds ${s.strategy.minReadySeconds}`,
    },
    { label: 'Labels', value: formatMap(s.labels) },
    { label: 'Selector', value: formatMap(t.selector) },
    { label: 'Tolerations', value: t.tolerations.map(formatToleration).join(', ') || '-' },
    { label: 'Requests', value: `cpu ${t.resources.cpu}m, memory ${t.resources.memory}MB` },
    { label: 'Priority', value: t.priorityClass ? `${t.priority} (${t.priorityClass})` : String(t.priority) },
    { label: 'Created', value: formatTime(s.createdAt, now) },
    ...s.pods.map((p) => ({
      label: `Pod ${p.name}`,
      value: `${p.status}${p.reason && p.status !== 'Running' ? ` (${p.reason})` : ''} on ${p.nodeName ?? '<none>'}, ${p.version}${p.upToDate ? '' : ' (old)'}${
        p.available ? ', available' : p.ready ? ', ready' : ''
      }, ${p.restarts} restart(s)${p.deleting ? ', stopping' : ''}${p.message && p.status !== 'Running' ? ` — ${p.message}` : ''}`,
      tone: podTone(p.status),
    })),
    ...s.events.map((e) => ({
      label: `Event ${formatAge(e.createdAt, now)} ago`,
      value: `${e.type}${e.resourceType === 'pod' && e.resourceName ? ` ${e.resourceName}` : ''}: ${e.message ?? e.reason ?? ''}`,
      tone: e.severity === 'warning' || e.severity === 'error' ? ('warn' as const) : undefined,
    })),
  ]
}
