/**
 * Reloaders for what the application layer keeps in memory: settings (scheduler profile, open
 * registration), secrets, namespaces, priority classes and services. When another server changes
 * one of these rows, this server reads it back inside its write queue (so the read never lands
 * on top of a newer write of its own) and hands the rows to the owner of the in-memory copy after
 * that read. The small tables are read whole; services by the keys that changed.
 */
import { OPEN_REGISTRATION_SETTING } from '../auth/user-admin'
import { SCHEDULER_PROFILE_SETTING } from '../scheduler/profile-ops'
import { parseSchedulerProfile } from '../scheduler/registry'
import type { SchedulerProfile } from '../scheduler/registry'
import type { Sql } from '../db/sql'
import type { WriteQueue } from '../state/write-queue'
import { namespacesRepo, type NamespaceRow } from '../store/namespaces'
import { priorityClassesRepo, type PriorityClassRecord } from '../store/priority-classes'
import { secretsRepo, type SecretRecord } from '../store/secrets'
import { servicesRepo, type ServiceRecord } from '../store/services'
import { settingsRepo } from '../store/settings'
import type { TableReloader } from './read-back'

/** The owners of the in-memory copies (the application layer's ops). */
export interface ReloadTargets {
  writes: WriteQueue
  namespaces: { reloaded(rows: readonly NamespaceRow[]): void }
  secrets: { reloaded(rows: readonly SecretRecord[]): void }
  priorityClasses: { reloaded(rows: readonly PriorityClassRecord[]): void }
  schedulerProfile: { reloaded(profile: SchedulerProfile): void }
  users: { reloaded(openRegistration: boolean): void }
  services: {
    get(id: string): ServiceRecord | undefined
    all(): ServiceRecord[]
    put(next: ServiceRecord): void
    remove(id: string): void
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

export function opsTables(t: ReloadTargets): Record<string, TableReloader> {
  /** Reads inside the write queue; applies after the read's turn. */
  const read = <T>(load: (sql: Sql) => Promise<T>, apply: (v: T) => void) =>
    t.writes.run(async (tx) => {
      const v = await load(tx.sql)
      tx.after(() => apply(v))
    })

  return {
    namespaces: () =>
      read(
        (sql) => namespacesRepo.list(sql),
        (rows) => t.namespaces.reloaded(rows),
      ),
    secrets: () =>
      read(
        (sql) => secretsRepo.list(sql),
        (rows) => t.secrets.reloaded(rows),
      ),
    priority_classes: () =>
      read(
        (sql) => priorityClassesRepo.list(sql),
        (rows) => t.priorityClasses.reloaded(rows),
      ),
    settings: async (keys) => {
      const wanted = (k: string) => keys === undefined || keys.includes(k)
      if (wanted(SCHEDULER_PROFILE_SETTING)) {
        await read(
          (sql) => settingsRepo.get<unknown>(sql, SCHEDULER_PROFILE_SETTING),
          (v) => t.schedulerProfile.reloaded(parseSchedulerProfile(v)),
        )
      }
      if (wanted(OPEN_REGISTRATION_SETTING)) {
        await read(
          (sql) => settingsRepo.get<boolean>(sql, OPEN_REGISTRATION_SETTING),
          (v) => t.users.reloaded(v === true),
        )
      }
    },
    services: (keys) =>
      read(
        async (sql) => {
          if (keys === undefined) return { ids: undefined, rows: await servicesRepo.list(sql) }
          const rows: ServiceRecord[] = []
          for (const id of keys) {
            const row = await servicesRepo.get(sql, id)
            if (row) rows.push(row)
          }
          return { ids: keys, rows }
        },
        ({ ids, rows }) => {
          const found = new Set(rows.map((r) => r.id))
          for (const id of ids ?? t.services.all().map((s) => s.id)) if (!found.has(id)) t.services.remove(id)
          for (const r of rows) if (!same(r, t.services.get(r.id))) t.services.put(r)
        },
      ),
  }
}
