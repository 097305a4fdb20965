/**
 * What the server reads at start: the working set it keeps in memory and the few settings it
 * needs. Nodes come back NotReady — none is connected until its agent returns.
 */
import { randomBytes } from 'node:crypto'
import type { Clock } from '@stark/shared'
import { OPEN_REGISTRATION_SETTING } from '../auth/user-admin'
import type { SqlClient } from '../db/sql'
import { namespacesRepo } from '../store/namespaces'
import { nodesRepo } from '../store/nodes'
import { packsRepo } from '../store/packs'
import { podsRepo } from '../store/pods'
import { priorityClassesRepo } from '../store/priority-classes'
import type { NodeRecord } from '../store/records'
import { secretsRepo } from '../store/secrets'
import { settingsRepo } from '../store/settings'
import { sessionsRepo, usersRepo } from '../store/users'

export async function loadWorkingSet(db: SqlClient, clock: Clock) {
  const [users, sessions, packs, storedNodes, pods, priorityClasses, schedulerProfile, namespaces, secrets, openRegistration] =
    await Promise.all([
      usersRepo.list(db),
      sessionsRepo.listActive(db, clock.now()),
      packsRepo.list(db),
      nodesRepo.list(db),
      podsRepo.list(db),
      priorityClassesRepo.list(db),
      settingsRepo.get<unknown>(db, 'scheduler.profile'),
      namespacesRepo.list(db),
      secretsRepo.list(db),
      settingsRepo.get<boolean>(db, OPEN_REGISTRATION_SETTING),
    ])
  // The JWT secret is made once and kept in the database, never random per process.
  const jwtSecret = await settingsRepo.getOrCreate(db, 'jwt_secret', () => randomBytes(48).toString('base64url'))
  const now = clock.now()
  const nodes = storedNodes.map((n) =>
    n.status === 'Ready'
      ? { ...n, status: 'NotReady' as const, statusReason: 'ServerRestarted', connectedAt: null, updatedAt: now }
      : n,
  )
  const demoted: NodeRecord[] = nodes.filter((n, i) => n !== storedNodes[i])
  return {
    users,
    sessions,
    packs,
    nodes,
    demoted,
    pods,
    priorityClasses,
    schedulerProfile,
    namespaces,
    secrets,
    openRegistration: openRegistration === true,
    jwtSecret,
  }
}
