/**
 * What every resource's sub-app repeats, said once: an app whose routes need a credential, route
 * declarations carrying their resource's tag and the bearer scheme, a JSON body, the usual answers,
 * and the target of a lookup-and-act handler (who asks, which object, and the request id).
 */
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi'
import { resourceName } from '@stark/shared'
import type { AuthOps } from '../auth/auth-ops'
import type { Principal } from '../auth/principal'
import type { AppEnv } from './env'
import { authenticate } from './middleware/authenticate'
import { parsePackRef } from '@stark/shared'
import { errorResponses, jsonContent, namespaceQuery, refParam } from './schemas'
import { validationHook } from './validation-hook'

/** Just the named parts of the composition: what one route module is handed. */
export function only<T extends object, K extends keyof T>(all: T, ...keys: K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>
  for (const k of keys) picked[k] = all[k]
  return picked
}

/** The bearer scheme an authenticated route declares in the OpenAPI document. */
export const bearer = [{ Bearer: [] }]

/** A sub-app whose every route needs a valid credential (401 without one). */
export function authenticatedApp(auth: AuthOps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(auth))
  return app
}

/** Declares the routes of one resource: each gets the resource's tag and, unless `open`, the bearer scheme. */
export function routesOf(tag: string, options: { open?: boolean } = {}) {
  const common = { tags: [tag], ...(options.open ? {} : { security: bearer }) }
  return <P extends string, R extends Omit<RouteConfig, 'path' | 'tags' | 'security'> & { path: P }>(config: R) =>
    createRoute({ ...common, ...config })
}

/** A `{name}` path parameter holding a resource name. */
export const nameParam = z.object({ name: resourceName.meta({ param: { name: 'name', in: 'path' } }) })

/** A required JSON request body. */
export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})

/** `200` with the schema, and the usual errors. */
export const ok = <S extends z.ZodType>(schema: S, description: string) => ({
  200: jsonContent(schema, description),
  ...errorResponses,
})

/** `201` with the schema, and the usual errors. */
export const created = <S extends z.ZodType>(schema: S, description: string) => ({
  201: jsonContent(schema, description),
  ...errorResponses,
})

/** `200` with the schema, or `404`: a read of one object. */
export const found = <S extends z.ZodType>(schema: S, description: string) => ({
  200: jsonContent(schema, description),
  404: errorResponses[404],
})

/** `200` with the schema, or `401`: a list of what the caller may see. */
export const listed = <S extends z.ZodType>(schema: S, description: string) => ({
  200: jsonContent(schema, description),
  401: errorResponses[401],
})

/** One object by name or id, in `?namespace=` (default `default`). */
export const refInNamespace = { params: refParam, query: namespaceQuery }

/** A body naming a pack as `[namespace/]name[@version]`: split into the pack's namespace, name and version. */
export function withPackRef<T extends { pack: string; version?: string | undefined }>(input: T) {
  const ref = parsePackRef(input.pack)
  return { ...input, pack: ref.name, packNamespace: ref.namespace, version: input.version ?? ref.version }
}

/** Who acts on which object: the caller, the path's `ref` or `name`, `?namespace=` and the request id. */
export interface Target {
  principal: Principal
  ref: string
  namespace: string | undefined
  requestId: string
}

export interface TargetContext {
  get(key: 'principal'): Principal
  get(key: 'requestId'): string
  req: { param(name: string): string | undefined; query(name: string): string | undefined }
}

/**
 * The target of a lookup-and-act handler. Read after validation (the route's `refParam` /
 * `nameParam` and `namespaceQuery` have passed), so the raw values are the validated ones.
 */
export function target(c: TargetContext): Target {
  return {
    principal: c.get('principal'),
    ref: c.req.param('ref') ?? c.req.param('name') ?? '',
    namespace: c.req.query('namespace'),
    requestId: c.get('requestId'),
  }
}
