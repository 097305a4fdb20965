import type { Principal } from '../auth/principal'

/** Hono context variables every handler may read. */
export interface AppEnv {
  Variables: {
    principal: Principal
    requestId: string
    /** A small request body, as the body limit read it ahead (http/middleware/body-limit.ts). */
    bodyBytes?: Uint8Array
  }
}
