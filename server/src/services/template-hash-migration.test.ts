/**
 * The migration to template revisions, on real PGlite and PostgreSQL: a database written while a
 * service's template could not change (a service with a healthy version, a rollout in progress, its
 * revisions, its running pods, a failure count) reads back with the hash '' everywhere, so its pods
 * count as up to date — no restart after the upgrade — and its revisions carry its template.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadMigrations, migrate } from '../db/migrate'
import { openPglite } from '../db/pglite-client'
import { openPostgres } from '../db/postgres-client'
import type { SqlClient } from '../db/sql'
import { countersRepo } from '../store/counters'
import { podsRepo } from '../store/pods'
import { serviceRevisionsRepo } from '../store/service-revisions'
import { servicesRepo } from '../store/services'
import { createPostgresDatabase, postgresTestUrl, testEngines } from '../testing/databases'
import { isUpdated } from './plan-pods'
import { planService } from './plan'

const MIGRATION = '20261207210000_service_template_revisions.sql'
const template = { selector: {}, tolerations: [], resources: { cpu: 100, memory: 64 }, priority: 0, env: { A: 'b' }, args: [] }

describe.each(testEngines())('the migration to template revisions on %s', (engine) => {
  let db: SqlClient
  let drop = async () => {}
  const ids: Record<string, string> = {}
  const one = async (sql: string, params: unknown[] = []) => (await db.query<{ id: string }>(sql, params))[0]!.id

  beforeAll(async () => {
    if (engine === 'pglite') db = await openPglite()
    else {
      const created = await createPostgresDatabase(postgresTestUrl()!)
      db = await openPostgres({ url: created.url, max: 2 })
      drop = created.drop
    }
    const all = loadMigrations()
    expect(all.map((m) => m.name)).toContain(MIGRATION)
    await migrate(
      db,
      all.filter((m) => m.name < MIGRATION),
    )
    ids.user = await one(`insert into users (email, password_hash, role) values ('old@example.com', 'x', 'user') returning id`)
    await db.query(`insert into bundles (sha256, content, size) values ($1, $2, 2)`, ['c'.repeat(64), new Uint8Array([1, 2])])
    const pack = (version: string) =>
      one(
        `insert into packs (name, version, owner_id, namespace, runtime, visibility, bundle_sha256, size)
         values ('web', $1, $2, 'default', 'node', 'private', $3, 2) returning id`,
        [version, ids.user, 'c'.repeat(64)],
      )
    ids.v1 = await pack('1.0.0')
    ids.v2 = await pack('2.0.0')
    ids.service = await one(
      `insert into services (name, namespace, owner_id, pack_id, mode, replicas, follow_latest, template, healthy_pack_id, rollout)
       values ('web', 'default', $1, $2, 'replicas', 2, false, $3::text::jsonb, $4, $5::text::jsonb) returning id`,
      [ids.user, ids.v2, JSON.stringify(template), ids.v1, JSON.stringify({ fromPackId: ids.v1, startedAt: 1, rollback: false })],
    )
    for (const [packId, reason, at] of [
      [ids.v1, 'Created', 1],
      [ids.v2, 'Updated', 2],
    ] as const)
      await db.query('insert into service_revisions (service_id, pack_id, reason, at) values ($1, $2, $3, $4)', [
        ids.service,
        packId,
        reason,
        at,
      ])
    const spec = (packId: string) => ({
      resources: template.resources,
      selector: {},
      tolerations: [],
      env: template.env,
      args: [],
      restartPolicy: 'Always',
      service: { id: ids.service, name: 'web', packId },
    })
    for (const [name, packId] of [
      ['web-aaaaa', ids.v2],
      ['web-bbbbb', ids.v2],
      ['web-ccccc', ids.v1],
    ] as const)
      await db.query(
        `insert into pods (name, namespace, owner_id, pack_id, status, spec) values ($1, 'default', $2, $3, 'Running', $4::text::jsonb)`,
        [name, ids.user, packId, JSON.stringify(spec(packId))],
      )
    await db.query('insert into rollout_failures (service_id, pack_id, failures, last_failure) values ($1, $2, 1, null)', [
      ids.service,
      ids.v2,
    ])
    expect(await migrate(db)).toContain(MIGRATION)
  }, 120_000)
  afterAll(async () => {
    await db?.close().catch(() => {})
    await drop()
  })

  it('gives old services and their revisions the hash of "the template from before", and their pods count as up to date', async () => {
    const s = (await servicesRepo.get(db, ids.service!))!
    expect(s).toMatchObject({ templateHash: '', healthyPackId: ids.v1, healthyTemplateHash: '', healthyTemplate: template })
    expect(s.rollout).toEqual({ fromPackId: ids.v1, startedAt: 1, rollback: false })
    const pods = (await podsRepo.list(db)).filter((p) => p.spec.service?.id === s.id)
    expect(pods.map((p) => [p.name, isUpdated(p, s)]).sort()).toEqual([
      ['web-aaaaa', true],
      ['web-bbbbb', true],
      ['web-ccccc', false],
    ])
    const revisions = await serviceRevisionsRepo.list(db, s.id)
    expect(revisions.map((r) => [r.packId, r.templateHash, r.template])).toEqual([
      [ids.v2, '', template],
      [ids.v1, '', template],
    ])
    const { rollouts } = await countersRepo.load(db)
    expect(rollouts).toEqual([{ serviceId: s.id, packId: ids.v2, templateHash: '', failures: 1, last: null }])
  })

  it('the planner replaces only the pod of the old version: the others are kept as they run', async () => {
    const s = (await servicesRepo.get(db, ids.service!))!
    const pods = (await podsRepo.list(db)).map((p) => ({ ...p, nodeId: 'n1', startedAt: 0 }))
    const plan = planService({ service: s, pods, nodes: new Map(), now: 60_000, readySince: () => 0 })
    expect(plan.counts.updated).toBe(2)
    expect(plan.remove.map((r) => r.pod.name)).toEqual(['web-ccccc'])
  })
})
