/**
 * What the security fuzz generates (fast-check): REST requests to the API's own routes with hostile
 * paths, queries, bodies, content types and credentials, and frames for /ws.
 */
import fc from 'fast-check'

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

/** A path from the API's own routes with hostile parameters, or a garbage path under /api. */
const pathArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.nat(),
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.constantFrom('..', '%00', '%2e%2e%2f', 'default', 'a'.repeat(300), '\u0000', '💥'),
        ),
      ),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constant(-1), fc.array(fc.string({ maxLength: 40 }), { maxLength: 4 })) },
)
const queryArb = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'limit',
      'cursor',
      'namespace',
      'status',
      'node',
      'tail',
      'since',
      'incarnation',
      'previous',
      'name',
      'category',
      'resource',
      'severity',
      'type',
    ),
    fc.string({ maxLength: 20 }),
  ),
  fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom('-1', '1e309', 'NaN', '99999999999999999999', 'true', '', '[object Object]'),
  ),
  { maxKeys: 4 },
)
const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 500 }),
  fc.constantFrom(
    '{',
    '{"a":',
    'null',
    '[]',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    '"\u0000"',
  ),
  fc
    .record(
      {
        name: fc.string(),
        pack: fc.string(),
        version: fc.string(),
        bundle: fc.string(),
        email: fc.string(),
        password: fc.string(),
        data: fc.dictionary(fc.string(), fc.string()),
        quota: fc.jsonValue(),
        role: fc.string(),
        replicas: fc.oneof(fc.integer(), fc.double()),
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
)
/** One REST request: method, path, query, body, content type and whose credential it carries. */
export const requestArb = fc.record({
  method: fc.constantFrom(...METHODS),
  path: pathArb,
  query: queryArb,
  body: bodyArb,
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/json; charset=utf-16',
    'multipart/form-data; boundary=x',
    undefined,
  ),
  who: fc.constantFrom('admin', 'mallory', 'vic', 'node', 'garbage', 'none'),
})

/** One /ws frame: garbage, any JSON, or a protocol-shaped message about the steady pod (its id from `podId`). */
export const wsFrameArb = (podId: () => string) =>
  fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .record({
        type: fc.constantFrom(
          'node:register',
          'node:heartbeat',
          'pod:status',
          'pod:log',
          'watch:subscribe',
          'error',
          'pod:assign',
          'node:registered',
          'nope',
        ),
        id: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
        payload: fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              podId: fc.constantFrom('steady-id', 'x', ''),
              incarnation: fc.oneof(fc.integer(), fc.constant(-1), fc.double()),
              status: fc.constantFrom('Running', 'Failed', 'Succeeded', 'Stopped', 'Pending', 'bogus'),
              entries: fc.array(
                fc.record({
                  ts: fc.integer(),
                  stream: fc.constantFrom('stdout', 'stderr', 'x'),
                  line: fc.string({ maxLength: 100 }),
                }),
                { maxLength: 3 },
              ),
              pods: fc.array(
                fc.record({
                  podId: fc.constantFrom('steady-id', 'x'),
                  incarnation: fc.integer({ min: 0, max: 5 }),
                  status: fc.constantFrom('Running', 'Failed', 'Succeeded'),
                }),
                { maxLength: 3 },
              ),
              topics: fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
              protocol: fc.oneof(fc.constant(1), fc.integer()),
              name: fc.string({ maxLength: 70 }),
              runtime: fc.constantFrom('node', 'browser', 'x'),
              allocatable: fc.jsonValue(),
            },
            { requiredKeys: [] },
          ),
        ),
      })
      .map((m) => JSON.stringify(m).replaceAll('steady-id', podId())),
  )
