/**
 * Signing in through a Supabase project (`stark auth login --supabase`): the server names the
 * project (GET /api/auth/providers: its URL and anon key), @supabase/supabase-js signs in there
 * with email and password, and the project's access token is what the CLI then sends to Stark
 * (which checks it against the project, roles from app_metadata). The refresh goes to Supabase
 * too. supabase-js is loaded only for this.
 */
import type { Session } from './credentials'
import { CLIError, ExitCode } from './errors'

export interface SupabaseProject {
  url: string
  anonKey: string
}

async function client(project: SupabaseProject, fetchFn: typeof fetch) {
  const [{ createClient }, { default: WebSocket }] = await Promise.all([import('@supabase/supabase-js'), import('ws')])
  return createClient(project.url, project.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: fetchFn },
    // Node 20 has no global WebSocket, which supabase-js's realtime part insists on (unused here).
    realtime: { transport: WebSocket as never },
  })
}

function toSession(
  project: SupabaseProject,
  s: {
    access_token: string
    refresh_token: string
    expires_at?: number | undefined
    user?: { email?: string | undefined } | null
  },
): Session {
  return {
    accessToken: s.access_token,
    refreshToken: s.refresh_token,
    expiresAt: new Date((s.expires_at ?? 0) * 1000).toISOString(),
    email: s.user?.email ?? null,
    provider: 'supabase',
    supabase: project,
  }
}

export async function supabaseSignIn(
  project: SupabaseProject,
  fetchFn: typeof fetch,
  email: string,
  password: string,
): Promise<Session> {
  const { data, error } = await (await client(project, fetchFn)).auth.signInWithPassword({ email, password })
  if (error || !data.session)
    throw new CLIError(`Supabase sign-in failed: ${error?.message ?? 'no session'}`, ExitCode.unauthenticated)
  return toSession(project, data.session)
}

export async function supabaseRefresh(session: Session, fetchFn: typeof fetch): Promise<Session> {
  const project = session.supabase!
  const { data, error } = await (await client(project, fetchFn)).auth.refreshSession({ refresh_token: session.refreshToken })
  if (error || !data.session)
    throw new CLIError(
      `your Supabase session has expired: log in again (stark auth login --supabase): ${error?.message ?? 'no session'}`,
      ExitCode.unauthenticated,
    )
  return toSession(project, data.session)
}
