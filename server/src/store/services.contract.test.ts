/** The services repository on PGlite and on PostgreSQL, with its constraints and RLS policies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlClient } from '../db/sql'
import { bundleDeclaresReadiness } from '../services/readiness'
import { openTestDatabase, testEngines } from '../testing/databases'
import { packsRepo } from './packs'
import { servicesRepo, type ServiceRecord } from './services'
import { usersRepo } from './users'
import { insertTestPack } from '../testing/records'

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0)

describe.each(testEngines())('services on %s', (engine) => {
  let db: SqlClient
  let close: () => Promise<void>
  let base: ServiceRecord

  beforeAll(async () => {
    const opened = await openTestDatabase(engine)
    if (!opened) throw new Error(`no ${engine} database`)
    db = opened.db
    close = opened.close
    const owner = await usersRepo.insert(db, { email: `svc-owner-${engine}@example.com`, passwordHash: 'x', role: 'user' })
    const pack = await insertTestPack(db, owner.id, { name: 'web', sha256: 'b'.repeat(64) })
    base = {
      id: '5d0c1f3e-8a4b-4c1d-9e2f-000000000001',
      name: 'web',
      namespace: 'default',
      labels: { tier: 'front' },
      ownerId: owner.id,
      packId: pack.id,
      mode: 'replicas',
      replicas: 3,
      followLatest: false,
      maxSurge: 1,
      maxUnavailable: 0,
      minReadySeconds: 1,
      template: {
        selector: { zone: 'a' },
        tolerations: [{ key: 'gpu', operator: 'Exists' }],
        resources: { cpu: 100, memory: 64 },
        priority: 0,
        env: { A: 'b' },
        args: [],
      },
      paused: false,
      healthyPackId: null,
      healthyTemplateHash: null,
      healthyTemplate: null,
      templateHash: '',
      failedPackId: null,
      rollout: null,
      condition: null,
      generation: 1,
      createdAt: T0,
      updatedAt: T0,
      deletedAt: null,
    }
  })
  afterAll(() => close?.())

  it('round-trips every field; upsert overwrites what may change', async () => {
    await servicesRepo.upsert(db, base)
    expect(await servicesRepo.get(db, base.id)).toEqual(base)
    const next: ServiceRecord = {
      ...base,
      replicas: 5,
      paused: true,
      healthyPackId: base.packId,
      template: { ...base.template, env: { A: 'c' }, affinity: { required: [] } },
      templateHash: '0123456789abcdef',
      healthyTemplateHash: '',
      healthyTemplate: base.template,
      rollout: {
        fromPackId: base.packId,
        fromTemplateHash: '',
        fromTemplate: base.template,
        startedAt: T0 + 1,
        rollback: true,
      },
      condition: { type: 'RolledBack', reason: 'RollbackAfterFailures', message: 'why', at: T0 + 2 },
      generation: 4,
      updatedAt: T0 + 3,
      deletedAt: T0 + 4,
    }
    await servicesRepo.upsert(db, next)
    expect(await servicesRepo.get(db, base.id)).toEqual(next)
    expect((await servicesRepo.list(db)).map((s) => s.name)).toEqual(['web'])
    await servicesRepo.delete(db, base.id)
    expect(await servicesRepo.get(db, base.id)).toBeUndefined()
  })

  it('the database refuses a second service of the same name, bad names and modes', async () => {
    await servicesRepo.upsert(db, base)
    await expect(servicesRepo.upsert(db, { ...base, id: '5d0c1f3e-8a4b-4c1d-9e2f-000000000002' })).rejects.toThrow()
    await expect(
      servicesRepo.upsert(db, { ...base, id: '5d0c1f3e-8a4b-4c1d-9e2f-000000000003', name: 'Bad_Name' }),
    ).rejects.toThrow()
    await expect(
      servicesRepo.upsert(db, { ...base, id: '5d0c1f3e-8a4b-4c1d-9e2f-000000000004', name: 'x', mode: 'cron' as never }),
    ).rejects.toThrow()
  })

  it('finds the readiness marker in a stored bundle (bytea search on this engine)', async () => {
    const declares = bundleDeclaresReadiness(db)
    const put = async (sha: string, text: string) => {
      const bytes = new TextEncoder().encode(text)
      await packsRepo.insert(
        db,
        {
          name: `r-${sha[0]}`,
          version: '1.0.0',
          ownerId: base.ownerId,
          namespace: 'default',
          runtime: 'node',
          visibility: 'private',
          sha256: sha,
          size: bytes.byteLength,
          description: null,
        },
        bytes,
      )
    }
    await put('c'.repeat(64), "export default async (ctx) => { console.log('stark:ready'); await new Promise(() => {}) }")
    await put('d'.repeat(64), 'export default async () => {}')
    expect(await declares('c'.repeat(64))).toBe(true)
    expect(await declares('d'.repeat(64))).toBe(false)
    expect(await declares('e'.repeat(64))).toBe(false)
  })

  it('row-level security: owners see their services, other users none, admins all', async () => {
    const other = await usersRepo.insert(db, { email: `svc-other-${engine}@example.com`, passwordHash: 'x', role: 'user' })
    const admin = await usersRepo.insert(db, { email: `svc-admin-${engine}@example.com`, passwordHash: 'x', role: 'admin' })
    const as = (id: string) =>
      db.transaction(async (tx) => {
        await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: id, role: 'authenticated' })])
        await tx.exec('set local role authenticated')
        return (await tx.query<{ name: string }>('select name from services')).map((r) => r.name)
      })
    expect(await as(base.ownerId)).toEqual(['web'])
    expect(await as(other.id)).toEqual([])
    expect(await as(admin.id)).toEqual(['web'])
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
          JSON.stringify({ sub: other.id, role: 'authenticated' }),
        ])
        await tx.exec('set local role authenticated')
        await tx.query(
          `insert into services (name, namespace, owner_id, pack_id, mode, replicas, template) values ('stolen', 'default', $1, $2, 'replicas', 1, '{}')`,
          [base.ownerId, base.packId],
        )
      }),
    ).rejects.toThrow()
  })
})
