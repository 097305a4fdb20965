import { describe, expect, it } from 'vitest'
import { statusFields, type StatusReport } from './status'

const now = Date.parse('2026-12-06T12:00:00Z')
const report = (servers: StatusReport['servers']): StatusReport =>
  ({
    apiUrl: 'http://a:8080',
    server: { version: '0.1.0', engine: 'postgres', startedAt: '2026-12-06T11:00:00Z', uptimeSeconds: 3600 },
    database: { status: 'ok', latencyMs: 1 },
    servers,
    nodes: { total: 0, byStatus: { Ready: 0, NotReady: 0, Offline: 0 }, unschedulable: 0 },
    pods: { total: 0, byStatus: {}, unschedulable: 0 },
    warnings: [],
    services: null,
  }) as unknown as StatusReport

describe('stark status', () => {
  it('lists every server with its address, version, role and when it was last seen', () => {
    const fields = statusFields(
      report([
        { id: 'one', url: 'http://a:8080', version: '0.1.0', leader: true, lastSeenAt: '2026-12-06T11:59:58Z' },
        { id: 'second', url: 'http://b:8080', version: '0.1.0', leader: false, lastSeenAt: '2026-12-06T11:59:00Z' },
      ]),
      now,
    )
    expect(fields.find((f) => f.label === 'Servers')?.value).toBe('2, one leads')
    const rows = fields.filter((f) => f.label === '  server')
    expect(rows.map((f) => f.value)).toEqual([
      expect.stringMatching(/^one {5}http:\/\/a:8080 {2}0\.1\.0 {2}leader {2}seen 2s ago$/),
      expect.stringMatching(/^second {2}http:\/\/b:8080 {2}0\.1\.0 {2}follower {2}seen 60s ago$/),
    ])
    expect(rows.map((f) => f.tone)).toEqual(['good', 'warn'])
  })

  it('says so when no server leads, and lists nothing for a server that does not list them', () => {
    const fields = statusFields(
      report([{ id: 'x', url: 'http://a', version: '0.1.0', leader: false, lastSeenAt: '2026-12-06T11:59:59Z' }]),
      now,
    )
    expect(fields.find((f) => f.label === 'Servers')?.value).toBe('1, NO LEADER')
    expect(statusFields(report(undefined as never), now).some((f) => f.label === 'Servers')).toBe(false)
  })
})
