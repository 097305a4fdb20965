/**
 * Where a failover's time went: every JSON log line of the servers and agents within a window,
 * as ms after the fault, merged in time order with the pod history rows of the given pods.
 */
import type { SqlClient } from '@stark/server/testing'
import type { Proc } from '../harness/processes'

export interface TraceLine {
  ms: number
  who: string
  what: string
}

export function logLines(who: string, proc: Proc, from: number, to: number): TraceLine[] {
  const out: TraceLine[] = []
  for (const line of proc.output.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      const r = JSON.parse(line) as Record<string, unknown>
      const at = Date.parse(String(r.time))
      if (!(at >= from && at <= to)) continue
      const { time, level, msg, pid, hostname, service, ...rest } = r
      out.push({ ms: at, who, what: `${String(msg)} ${JSON.stringify(rest)}` })
    } catch {}
  }
  return out
}

export async function historyLines(db: SqlClient, from: number): Promise<TraceLine[]> {
  const rows = await db.query<{ name: string; status: string; at: string | number; incarnation: number; reason: string | null }>(
    `select p.name, h.status, h.reason, extract(epoch from h.at) * 1000 as at, h.incarnation from pod_history h join pods p on p.id = h.pod_id
      where h.at >= to_timestamp($1 / 1000.0) order by h.at`,
    [from],
  )
  return rows.map((r) => ({
    ms: Number(r.at),
    who: 'history',
    what: `${r.name}#${r.incarnation} ${r.status}${r.reason ? ` ${r.reason}` : ''}`,
  }))
}

export function printTrace(title: string, at: number, lines: TraceLine[]): void {
  const sorted = [...lines].sort((a, b) => a.ms - b.ms)
  console.log(
    `--- ${title}\n${sorted.map((l) => `${String(l.ms - at).padStart(7)} ms  ${l.who.padEnd(8)} ${l.what}`).join('\n')}`,
  )
}
