/**
 * Supabase Auth, as a thin adapter: with a Supabase project configured (SUPABASE_URL, and
 * SUPABASE_JWT_SECRET for HS256 projects or SUPABASE_JWKS_URL / the project's JWKS for asymmetric
 * keys; SUPABASE_ANON_KEY for the CLI's sign-in), the server also accepts that project's user
 * access tokens. A token counts only if its signature, issuer (`<url>/auth/v1`), audience and
 * role (`authenticated`) check out and it has not expired (on the server's clock).
 *
 * The Stark role comes from `app_metadata` (`stark_role`, else `role`: admin, viewer, anything
 * else user) — which only the project's service role can write — never from `user_metadata`,
 * which users edit themselves. Each Supabase user gets a Stark user with the same id on first
 * sight (no password: they sign in through Supabase), kept in step with `app_metadata`.
 */
import { verify, verifyWithJwks } from 'hono/jwt'
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'
import type { Clock, Logger } from '@stark/shared'
import type { AuthOps, Authentication } from './auth-ops'
import type { ClusterState } from '../state/cluster-state'
import type { WriteQueue } from '../state/write-queue'
import type { Role, UserRecord } from '../store/records'

export interface SupabaseAuthConfig {
  /** The project URL, e.g. https://abcd.supabase.co */
  url: string
  /** The project's anon (publishable) key: handed to the CLI for signing in; never a credential here. */
  anonKey?: string | undefined
  /** The project's JWT secret (HS256 projects). */
  jwtSecret?: string | undefined
  /** The project's JWKS (asymmetric keys): a URL (default `<url>/auth/v1/.well-known/jwks.json`) … */
  jwksUrl?: string | undefined
  /** … or the keys themselves. */
  jwks?: HonoJsonWebKey[] | undefined
}

export function supabaseFromEnv(env: Record<string, string | undefined>): SupabaseAuthConfig | undefined {
  if (!env.SUPABASE_URL || (!env.SUPABASE_JWT_SECRET && !env.SUPABASE_JWKS_URL)) return undefined
  return {
    url: env.SUPABASE_URL.replace(/\/+$/, ''),
    anonKey: env.SUPABASE_ANON_KEY || undefined,
    jwtSecret: env.SUPABASE_JWT_SECRET || undefined,
    jwksUrl: env.SUPABASE_JWKS_URL || undefined,
  }
}

export interface SupabaseIdentity {
  sub: string
  email: string | null
  role: Exclude<Role, 'node'>
  sessionId: string
}

/** The `alg` of a JWT's header, without trusting anything else in it. */
function algOf(token: string): string | undefined {
  const header = token.split('.')[0]
  if (!header) return undefined
  try {
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg
    return typeof alg === 'string' ? alg : undefined
  } catch {
    return undefined
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The Stark role of a Supabase user: from app_metadata only. */
export function roleFromAppMetadata(appMetadata: unknown): Exclude<Role, 'node'> {
  const meta = (typeof appMetadata === 'object' && appMetadata !== null ? appMetadata : {}) as Record<string, unknown>
  const role = meta.stark_role ?? meta.role
  return role === 'admin' || role === 'viewer' ? role : 'user'
}

export function createSupabaseVerifier(config: SupabaseAuthConfig, clock: Clock) {
  const issuer = `${config.url}/auth/v1`
  return {
    /** The identity in a Supabase user access token, or null when it is not one (or not valid now). */
    async verify(token: string): Promise<SupabaseIdentity | null> {
      let payload: Record<string, unknown>
      try {
        const alg = algOf(token)
        const verification = { iss: issuer, aud: 'authenticated', exp: false, nbf: false, iat: false }
        if (alg === 'HS256') {
          if (!config.jwtSecret) return null
          payload = (await verify(token, config.jwtSecret, { alg: 'HS256', ...verification })) as Record<string, unknown>
        } else {
          if (!config.jwks && !config.jwksUrl && !config.url) return null
          payload = (await verifyWithJwks(token, {
            ...(config.jwks ? { keys: config.jwks } : { jwks_uri: config.jwksUrl ?? `${issuer}/.well-known/jwks.json` }),
            verification,
            allowedAlgorithms: ['RS256', 'ES256'],
          })) as Record<string, unknown>
        }
      } catch {
        return null
      }
      const exp = typeof payload.exp === 'number' ? payload.exp : 0
      if (exp * 1000 <= clock.now()) return null
      if (payload.role !== 'authenticated' || typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return null
      return {
        sub: payload.sub.toLowerCase(),
        email: typeof payload.email === 'string' && payload.email ? payload.email.toLowerCase() : null,
        role: roleFromAppMetadata(payload.app_metadata),
        sessionId: typeof payload.session_id === 'string' ? payload.session_id.slice(0, 64) : '',
      }
    },
  }
}
export type SupabaseVerifier = ReturnType<typeof createSupabaseVerifier>

export interface SupabaseUsersDeps {
  state: ClusterState
  writes: WriteQueue
  log: Logger
}

/** Wraps the auth operations so Supabase user tokens authenticate too (Stark's own are tried first). */
export function withSupabase(auth: AuthOps, verifier: SupabaseVerifier, deps: SupabaseUsersDeps): AuthOps {
  const { state, writes } = deps

  async function shadowUser(id: SupabaseIdentity): Promise<UserRecord> {
    const existing = state.users.get(id.sub)
    if (existing && existing.role === id.role) return existing
    return writes.run(async (tx) => {
      const taken = id.email ? [...state.users.values()].some((u) => u.email === id.email && u.id !== id.sub) : true
      const email = !taken && id.email ? id.email : `${id.sub}@supabase.invalid`
      const rows = await tx.sql.query<Record<string, unknown>>(
        `insert into users (id, email, password_hash, role) values ($1, $2, '!supabase', $3)
         on conflict (id) do update set role = excluded.role, updated_at = now() returning *`,
        [id.sub, email, id.role],
      )
      const r = rows[0]!
      const user: UserRecord = {
        id: r.id as string,
        email: r.email as string,
        passwordHash: r.password_hash as string,
        role: r.role as Role,
        disabled: r.disabled as boolean,
        createdAt: new Date(r.created_at as string | Date).getTime(),
      }
      tx.event({
        type: existing ? 'UserUpdated' : 'UserCreated',
        category: 'auth',
        resourceType: 'user',
        resourceId: user.id,
        resourceName: user.email,
        actorId: user.id,
        message: existing ? `role ${user.role} from Supabase app_metadata` : `Supabase user, role ${user.role} from app_metadata`,
      })
      tx.after(() => state.users.set(user.id, user))
      return user
    })
  }

  return {
    ...auth,
    async authenticate(token: string | undefined): Promise<Authentication> {
      const own = await auth.authenticate(token)
      if (own.ok || own.reason !== 'invalid' || !token) return own
      const id = await verifier.verify(token)
      if (!id) return own
      let user: UserRecord
      try {
        user = await shadowUser(id)
      } catch (error) {
        deps.log.warn('could not map a Supabase user', { sub: id.sub, error: String(error) })
        return { ok: false, reason: 'invalid' }
      }
      if (user.disabled || user.role === 'node') return { ok: false, reason: 'revoked' }
      return {
        ok: true,
        principal: { kind: 'user', id: user.id, role: user.role, email: user.email, sessionId: `supabase:${id.sessionId}`, user },
      }
    },
    /** A Supabase session ends with Supabase (the client signs out there); nothing to revoke here. */
    async logout(sessionId: string): Promise<void> {
      if (!sessionId.startsWith('supabase:')) await auth.logout(sessionId)
    },
  }
}
