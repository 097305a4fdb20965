/**
 * Request and response types of each operation, read from the generated `paths`: which paths
 * answer a method, what a call takes (path parameters, query, JSON body) and what it answers.
 */
import type { components, paths } from './schema'

export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete'

/** The paths that answer `M`. */
export type PathsFor<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never
}[keyof paths]

/** The operation `M` of path `P`. */
export type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>

type ParamsOf<Op> = Op extends { parameters: infer X } ? X : never
type PathParams<Op> = ParamsOf<Op> extends { path: infer Pa } ? { params: Pa } : { params?: never }
type QueryOf<Op> = ParamsOf<Op> extends { query?: infer Q } ? NonNullable<Q> : never
type QueryParams<Op> = [QueryOf<Op>] extends [never] ? { query?: never } : { query?: QueryOf<Op> }
type BodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never
type BodyParams<Op> = [BodyOf<Op>] extends [never]
  ? { body?: never }
  : Op extends { requestBody: unknown }
    ? { body: BodyOf<Op> }
    : { body?: BodyOf<Op> }

/** What a call sends besides the path: its parameters and body, and the usual fetch options. */
export type RequestInit<Op> = PathParams<Op> &
  QueryParams<Op> &
  BodyParams<Op> & {
    headers?: Record<string, string>
    signal?: AbortSignal
  }

/** The init argument, optional when nothing in it is required. */
export type InitArgs<Op> = object extends RequestInit<Op> ? [init?: RequestInit<Op>] : [init: RequestInit<Op>]

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206
type Content<R> = R extends { content: infer C }
  ? C extends { 'application/json': infer J }
    ? J
    : C extends Record<string, infer T>
      ? T
      : undefined
  : undefined

/** What a successful call answers: the JSON body (text for text answers, undefined for none). */
export type ResponseOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R }
    ? { [S in keyof R & SuccessStatus]: Content<R[S]> }[keyof R & SuccessStatus]
    : never

/** The component schemas of the document by name: `Schema<'Pod'>`. */
export type Schemas = components['schemas']
export type Schema<N extends keyof Schemas> = Schemas[N]

/** An RFC 9457 problem details body, as every error of the API is. */
export type Problem = Schemas['Problem']

/** The paths whose GET answers one page of a list: `items`, and `nextCursor` to read the next. */
export type ListPath = {
  [P in PathsFor<'get'>]: ResponseOf<P, 'get'> extends { items: unknown[]; nextCursor: string | null } ? P : never
}[PathsFor<'get'>]

/** One page of the list at `P` (`/api/pods`): its items, `nextCursor` and `resourceVersion`. */
export type ListPage<P extends ListPath> = Extract<ResponseOf<P, 'get'>, { items: unknown[] }>

/** An item of the list at `P`: `ListItem<'/api/pods'>` is a pod. */
export type ListItem<P extends ListPath> = ListPage<P>['items'][number]
