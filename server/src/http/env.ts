import type { Principal } from '../auth/principal'

/** Hono context variables every handler may read. */
export interface AppEnv {
  Variables: {
    principal: Principal
    requestId: string
  }
}
