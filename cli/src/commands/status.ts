import type { Schema } from '@stark/client'
import { defineCommand } from 'citty'
import { globalArgs } from '../lib/args'
import { call, connect, type Api } from '../lib/client'
import { recordOutput } from '../lib/output'
import { serviceConvergence, statusFields, type StatusReport } from '../views/status'
import { commandSettings } from '../lib/command'

/** Services and whether each has converged, or null when the server has no services API (or refuses it). */
async function services(api: Api): Promise<StatusReport['services']> {
  const items: Schema<'Service'>[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 100; pages++) {
    const page = await api.rest.get('/api/services', { query: { limit: 1000, cursor } }).catch(() => undefined)
    if (!page) return null
    items.push(...page.items)
    if (!page.nextCursor || page.nextCursor === cursor) break
    cursor = page.nextCursor
  }
  const all = items.map(serviceConvergence)
  return {
    total: all.length,
    converged: all.filter((s) => s.converged).length,
    notConverged: all.filter((s) => !s.converged).map(({ converged: _, ...s }) => s),
  }
}

export default defineCommand({
  meta: {
    name: 'status',
    description:
      'The cluster at a glance: server and version, database, nodes and pods by status, services converged or not, warnings of the last hour (example: stark status -o json)',
  },
  args: { ...globalArgs },
  async run({ args, data }) {
    const { ctx, settings } = commandSettings(data, args)
    const api = connect(ctx, settings)
    const [status, svc] = await Promise.all([call(api.client.api.status.$get()), services(api)])
    const report: StatusReport = { apiUrl: api.apiUrl, ...status, services: svc }
    return recordOutput(report, statusFields)
  },
})
