/**
 * Users beyond the first admin: admins create users with any role (but `node`), list them, change
 * their role and disable or enable them. Anyone may register themselves — as a plain `user`, never
 * more — only while self-registration is open: the server's `--open-registration` flag
 * (STARK_OPEN_REGISTRATION) or the cluster setting `auth.open_registration`, which admins switch.
 * The last enabled admin can be neither demoted nor disabled, so a cluster never locks itself out.
 */
import type { AuthOps } from './auth-ops'
import type { Principal } from './principal'
import { forbidden, notFound, unauthorized } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { Role, UserRecord } from '../store/records'
import { settingsRepo } from '../store/settings'

export const OPEN_REGISTRATION_SETTING = 'auth.open_registration'
export type UserRole = Exclude<Role, 'node'>

export interface UserAdminDeps {
  auth: AuthOps
  state: ClusterState
  writes: WriteQueue
  /** Open registration from the server's configuration (a flag wins over the setting). */
  openByConfig: boolean
  /** The stored cluster setting at start. */
  openBySetting: boolean
  /** A Supabase project whose users may sign in (the CLI signs in there, then calls Stark with that token). */
  supabase?: { url: string; anonKey?: string | undefined } | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function createUserAdmin(deps: UserAdminDeps) {
  const { auth, state } = deps
  let openBySetting = deps.openBySetting

  const isAdmin = (p: Principal | undefined): boolean => p?.kind === 'user' && p.role === 'admin'
  function assertAdmin(p: Principal) {
    if (!isAdmin(p)) throw forbidden('only admins manage users')
  }
  const enabledAdmins = () => [...state.users.values()].filter((u) => u.role === 'admin' && !u.disabled)

  function find(ref: string): UserRecord {
    const email = ref.trim().toLowerCase()
    const user = (UUID.test(ref) ? state.users.get(ref) : undefined) ?? [...state.users.values()].find((u) => u.email === email)
    if (!user) throw notFound(`user ${ref}`)
    return user
  }

  return {
    registrationOpen: () => deps.openByConfig || openBySetting,
    /** The setting as another server wrote it. */
    reloaded(open: boolean) {
      openBySetting = open
    },
    /** Where else users may sign in: public facts (a Supabase anon key is meant for clients). */
    providers: () => ({
      stark: true,
      supabase: deps.supabase ? { url: deps.supabase.url, anonKey: deps.supabase.anonKey ?? null } : null,
    }),
    registration: () => ({ open: deps.openByConfig || openBySetting, setting: openBySetting, byConfig: deps.openByConfig }),

    async setRegistration(p: Principal, open: boolean) {
      assertAdmin(p)
      await deps.writes.run(async (tx) => {
        await settingsRepo.set(tx.sql, OPEN_REGISTRATION_SETTING, open)
        tx.event({
          type: 'RegistrationChanged',
          category: 'auth',
          actorId: p.id,
          message: open ? 'self-registration opened' : 'self-registration closed',
        })
        tx.after(() => (openBySetting = open))
      })
      return { open: deps.openByConfig || openBySetting, setting: open, byConfig: deps.openByConfig }
    },

    /**
     * Creates a user. An admin may give any role but `node`; without an admin, only while
     * registration is open, and only the role `user`. Returns whether it was self-registration.
     */
    async register(
      p: Principal | undefined,
      input: { email: string; password: string; role?: UserRole | undefined },
    ): Promise<{ user: UserRecord; self: boolean }> {
      if (isAdmin(p)) return { user: await auth.register(input.email, input.password, input.role ?? 'user', p!.id), self: false }
      if (!this.registrationOpen()) {
        if (!p)
          throw unauthorized('self-registration is closed: an admin creates users (stark auth register, logged in as an admin)')
        throw forbidden('only admins create users while self-registration is closed')
      }
      if (p) throw forbidden('you are signed in already; only admins create other users')
      if (input.role && input.role !== 'user') throw forbidden(`self-registration gives the role user, not ${input.role}`)
      return { user: await auth.register(input.email, input.password, 'user', null), self: true }
    },

    list(p: Principal): UserRecord[] {
      assertAdmin(p)
      return [...state.users.values()].sort((a, b) => a.createdAt - b.createdAt)
    },

    get(p: Principal, ref: string): UserRecord {
      const user = find(ref)
      if (!isAdmin(p) && !(p.kind === 'user' && p.id === user.id)) throw notFound(`user ${ref}`)
      return user
    },

    async update(
      p: Principal,
      ref: string,
      patch: { role?: UserRole | undefined; disabled?: boolean | undefined },
    ): Promise<UserRecord> {
      assertAdmin(p)
      const user = find(ref)
      if (user.role === 'node') throw forbidden('node accounts are managed through their nodes')
      const losesAdmin =
        user.role === 'admin' &&
        !user.disabled &&
        ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true)
      if (losesAdmin && enabledAdmins().length <= 1) throw forbidden(`${user.email} is the last admin: make another admin first`)
      const clean: { role?: Role; disabled?: boolean } = {}
      if (patch.role !== undefined) clean.role = patch.role
      if (patch.disabled !== undefined) clean.disabled = patch.disabled
      return auth.updateUser(user.id, clean, p.id)
    },
  }
}
export type UserAdmin = ReturnType<typeof createUserAdmin>
