/**
 * Priority classes: named priorities (0–1000) that pods are created with. Few and small, so they
 * are held in memory; every change is persisted through the write queue (with an event) and
 * applied to memory only after its commit. Admins manage them; everyone may list them.
 */
import type { Principal } from '../auth/principal'
import { badRequest, conflict, forbidden, notFound } from '../errors'
import type { WriteQueue } from '../state/write-queue'
import { priorityClassesRepo, type PriorityClassRecord } from '../store/priority-classes'

export const MAX_PRIORITY = 1000

export interface PriorityClassOpsDeps {
  writes: WriteQueue
  initial: readonly PriorityClassRecord[]
}

export function createPriorityClassOps(deps: PriorityClassOpsDeps) {
  const { writes } = deps
  const classes = new Map(deps.initial.map((c) => [c.name, c]))

  const assertAdmin = (p: Principal) => {
    if (p.kind !== 'user' || p.role !== 'admin') throw forbidden('only admins manage priority classes')
  }

  return {
    /** Rows another server wrote, read back (every class). */
    reloaded(rows: readonly PriorityClassRecord[]) {
      classes.clear()
      for (const r of rows) classes.set(r.name, r)
    },
    list: (): PriorityClassRecord[] => [...classes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    get: (name: string) => classes.get(name),

    /** The value of a class, for pod creation; a clear 400 when there is no such class. */
    resolve(name: string): number {
      const pc = classes.get(name)
      if (!pc) throw badRequest(`priority class ${name} does not exist (stark priorityclass list)`)
      return pc.value
    },

    async create(
      principal: Principal,
      input: { name: string; value: number; description?: string | undefined },
    ): Promise<PriorityClassRecord> {
      assertAdmin(principal)
      if (!Number.isInteger(input.value) || input.value < 0 || input.value > MAX_PRIORITY)
        throw badRequest(`value must be 0–${MAX_PRIORITY}`)
      return writes.run(async (tx) => {
        if (classes.has(input.name)) throw conflict(`priority class ${input.name} already exists`)
        const record = await priorityClassesRepo.insert(tx.sql, {
          name: input.name,
          value: input.value,
          description: input.description ?? null,
          createdAt: tx.now,
        })
        if (!record) throw conflict(`priority class ${input.name} already exists`)
        tx.event({
          type: 'PriorityClassCreated',
          category: 'scheduler',
          resourceType: 'priorityclass',
          resourceId: record.name,
          resourceName: record.name,
          actorId: principal.id,
          reason: 'Created',
          message: `priority class ${record.name} = ${record.value}`,
        })
        tx.after(() => classes.set(record.name, record))
        return record
      })
    },

    async delete(principal: Principal, name: string): Promise<PriorityClassRecord> {
      assertAdmin(principal)
      return writes.run(async (tx) => {
        const existing = classes.get(name)
        if (!existing) throw notFound(`priority class ${name}`)
        if (!(await priorityClassesRepo.delete(tx.sql, name))) throw notFound(`priority class ${name}`)
        tx.event({
          type: 'PriorityClassDeleted',
          category: 'scheduler',
          resourceType: 'priorityclass',
          resourceId: name,
          resourceName: name,
          actorId: principal.id,
          reason: 'Deleted',
          message: `priority class ${name} deleted (pods keep the priority they were created with)`,
        })
        tx.after(() => classes.delete(name))
        return existing
      })
    },
  }
}
export type PriorityClassOps = ReturnType<typeof createPriorityClassOps>
