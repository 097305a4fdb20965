/**
 * What the middleware adds to every route, written into the OpenAPI document so an integrator (or
 * a generated client) sees it: a GET of one object answers an `ETag` and the object's
 * `resourceVersion`, and 304 on `If-None-Match`; PUT, PATCH and DELETE of one object take
 * `If-Match` (412 when stale); every POST takes `Idempotency-Key` (422 when reused for another
 * request); a 201 says where the new object lives (`Location`).
 */
import { VERSIONED_KINDS } from './middleware/conditional'

type Json = Record<string, any>

/** `/api/<kind>/{ref}`: one object, as the conditional-request middleware matches it. */
const OBJECT_PATH = new RegExp(`^/api/(${VERSIONED_KINDS.join('|')})/\\{[^/}]+\\}$`)

const problemRef = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }
const stringSchema = { type: 'string' }

const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description:
    'Change only if the object is still at this version: its `ETag` (or its `resourceVersion`, quoted or not), or `*` for any version. A stale version answers 412 and changes nothing.',
  schema: stringSchema,
}
const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'Answer 304 without a body when the object is still at this version (its `ETag`).',
  schema: stringSchema,
}
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A key of yours (1–255 visible ASCII characters): a repeat of the same request with it within 24 h gets the first answer again (`Idempotent-Replayed: true`) instead of acting twice; the same key with another request is 422.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
}

function addParameter(op: Json, param: Json) {
  const params: Json[] = (op.parameters ??= [])
  if (!params.some((p) => p.in === param.in && p.name.toLowerCase() === param.name.toLowerCase())) params.push(param)
}

/** The 200 answer's JSON schema, with `resourceVersion` added to the object it describes. */
function withResourceVersion(schema: Json): Json {
  return {
    allOf: [
      schema,
      {
        type: 'object',
        properties: {
          resourceVersion: {
            type: 'string',
            description: 'This version of the object (its `ETag` without the quotes); `If-Match` takes it.',
          },
        },
        required: ['resourceVersion'],
      },
    ],
  }
}

export function documentConventions(path: string, method: string, op: Json) {
  const responses: Json = (op.responses ??= {})
  if (method === 'post') {
    addParameter(op, idempotencyKey)
    responses['422'] ??= { description: 'The Idempotency-Key was used for another request', ...problemRef }
    if (responses['201']) {
      responses['201'].headers ??= {}
      responses['201'].headers.Location ??= { description: 'Where the new object lives', schema: stringSchema }
    }
  }
  if (!OBJECT_PATH.test(path)) return
  if (method === 'get') {
    addParameter(op, ifNoneMatch)
    const ok = responses['200']
    const media = ok?.content?.['application/json']
    if (media?.schema) media.schema = withResourceVersion(media.schema)
    if (ok) {
      ok.headers ??= {}
      ok.headers.ETag = { description: 'The object’s version (a strong entity tag)', schema: stringSchema }
    }
    responses['304'] ??= { description: 'Not modified: the object is still at the version If-None-Match names' }
  }
  if (method === 'put' || method === 'patch' || method === 'delete') {
    addParameter(op, ifMatch)
    responses['412'] ??= { description: 'The object changed since the version If-Match names', ...problemRef }
  }
}
