/** `stark status`: the cluster at a glance. */
import type { Schema } from '@stark/client'
import type { Field, Tone } from '../lib/output'
import { formatAge } from '../lib/output'
import { eventMessage, eventObject } from './events'
import type { ClusterStatus } from './types'

/** What `stark status -o json` prints: the server's /api/status plus what the CLI found. */
export interface StatusReport extends ClusterStatus {
  apiUrl: string
  /** Services, when the server has them. */
  services: {
    total: number
    converged: number
    notConverged: { name: string; namespace: string; ready: number; desired: number; condition: string | null }[]
  } | null
}

const counts = (byStatus: Record<string, number>) =>
  Object.entries(byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ') || 'none'

export function statusFields(s: StatusReport, now: number): Field[] {
  const nodesBad = s.nodes.byStatus.NotReady + s.nodes.byStatus.Offline
  const pods = s.pods.byStatus
  const fields: Field[] = [
    {
      label: 'Server',
      value: `${s.apiUrl}  version ${s.server.version}, up ${formatAge(s.server.startedAt, now)}`,
      tone: 'good',
    },
    ...serverFields(s, now),
    {
      label: 'Database',
      value:
        s.database.status === 'ok' ? `ok (${s.server.engine}, ${s.database.latencyMs} ms)` : `unavailable (${s.server.engine})`,
      tone: s.database.status === 'ok' ? 'good' : 'bad',
    },
    {
      label: 'Nodes',
      value: `${s.nodes.total}: ${counts(s.nodes.byStatus)}${s.nodes.unschedulable ? `; ${s.nodes.unschedulable} cordoned` : ''}`,
      tone: s.nodes.total === 0 ? 'warn' : nodesBad > 0 ? 'warn' : 'good',
    },
    {
      label: 'Pods',
      value: `${s.pods.total}: ${counts(pods)}${s.pods.unschedulable ? `; ${s.pods.unschedulable} unschedulable` : ''}`,
      tone: pods.Failed > 0 || s.pods.unschedulable > 0 ? 'warn' : undefined,
    },
  ]
  // Evictions held back because many nodes dropped at once (older servers do not say).
  const outage = s.evictions?.massOutage
  if (outage) {
    fields.push({
      label: 'Evictions',
      value: `PAUSED since ${formatAge(outage.since, now)} ago (mass outage: ${outage.nodesDown.length} of ${outage.nodes.length} nodes down: ${outage.nodesDown.join(', ')}); resumes by itself within ${Math.max(0, Math.ceil((Date.parse(outage.until) - now) / 1000))}s, or now with: stark cluster resume-evictions`,
      tone: 'bad',
    })
  } else if (s.evictions) fields.push({ label: 'Evictions', value: 'running', tone: 'good' })
  if (s.services) {
    const tone: Tone = s.services.notConverged.length ? 'warn' : 'good'
    fields.push({
      label: 'Services',
      value:
        `${s.services.total}: ${s.services.converged} converged` +
        (s.services.notConverged.length
          ? `; not converged: ${s.services.notConverged.map((x) => `${x.namespace}/${x.name} ${x.ready}/${x.desired}${x.condition ? ` (${x.condition})` : ''}`).join(', ')}`
          : ''),
      tone,
    })
  }
  fields.push({
    label: 'Warnings',
    value: s.warnings.length ? `${s.warnings.length} in the last hour` : 'none in the last hour',
    tone: s.warnings.length ? 'warn' : 'good',
  })
  for (const w of s.warnings.slice(-10)) {
    const value = `${w.severity} ${w.type} ${eventObject(w)}: ${eventMessage(w)}`
    fields.push({
      label: `  ${formatAge(w.createdAt, now)} ago`,
      value,
      tone: w.severity === 'error' ? 'bad' : 'warn',
      plain: ['warning', `${w.createdAt} ${value}`],
    })
  }
  return fields
}

/**
 * Every server on the database (older servers do not list them): one line each with its id,
 * address, version, whether it leads and when it last wrote its heartbeat (stale after 10 s).
 */
function serverFields(s: StatusReport, now: number): Field[] {
  const servers = s.servers ?? []
  if (servers.length === 0) return []
  const width = Math.max(...servers.map((x) => x.id.length))
  return [
    { label: 'Servers', value: `${servers.length}, ${servers.filter((x) => x.leader).length === 1 ? 'one leads' : 'NO LEADER'}` },
    ...servers.map((x): Field => {
      const stale = now - Date.parse(x.lastSeenAt) > 10_000
      const value = `${x.id.padEnd(width)}  ${x.url}  ${x.version}  ${x.leader ? 'leader' : 'follower'}  seen ${formatAge(x.lastSeenAt, now)} ago`
      return { label: '  server', value, tone: stale ? 'warn' : x.leader ? 'good' : undefined, plain: ['server', value] }
    }),
  ]
}

/** Whether a service has converged: every replica ready and on the current version, no rollout going on. */
export function serviceConvergence(s: Schema<'Service'>): {
  name: string
  namespace: string
  ready: number
  desired: number
  converged: boolean
  condition: string | null
} {
  const { desired, available: ready, updated, current } = s.counts
  return {
    name: s.name,
    namespace: s.namespace,
    ready,
    desired,
    converged: !s.rollout && ready === desired && updated === desired && current === desired,
    condition: s.condition?.reason ?? null,
  }
}
