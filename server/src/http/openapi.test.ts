/**
 * The OpenAPI document from outside: it passes an independent OpenAPI 3.1 validator, and every
 * example request in it, replayed in order against a real server (with one connected node,
 * `laptop`), gets the status the document gives it, with a JSON body that fits the documented
 * response schema.
 */
import { Validator } from '@seriousme/openapi-schema-validator'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectFakeAgent, type FakeAgent } from '../scheduler/testing/fake-agent'
import { startTestServer, type TestServer } from '../testing/test-server'
import { operationsWithoutExamples } from './openapi'
import { API_EXAMPLES } from './openapi-examples'

type Json = Record<string, any>

interface Replay {
  method: string
  path: string
  name: string
  status: number
  order: number
  auth: 'admin' | 'none'
  params: Record<string, string>
  query: Record<string, string>
  body?: unknown
  op: Json
}

/** Every example in the document, as a request to send, in replay order. */
function examplesOf(doc: Json): Replay[] {
  const out: Replay[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      for (const x of op['x-stark-examples'] ?? []) {
        const params: Record<string, string> = {}
        const query: Record<string, string> = {}
        for (const p of op.parameters ?? []) {
          const value = p.examples?.[x.name]?.value
          if (value === undefined) continue
          if (p.in === 'path') params[p.name] = value
          else if (p.in === 'query') query[p.name] = value
        }
        const body = op.requestBody?.content?.['application/json']?.examples?.[x.name]?.value
        out.push({
          method,
          path,
          name: x.name,
          status: x.status,
          order: x.order,
          auth: x.auth,
          params,
          query,
          ...(body !== undefined ? { body } : {}),
          op,
        })
      }
    }
  }
  return out.sort((a, b) => a.order - b.order)
}

let s: TestServer
let doc: Json
let agent: FakeAgent | undefined

beforeAll(async () => {
  s = await startTestServer()
  const res = await s.api('GET', '/api/openapi.json')
  expect(res.status).toBe(200)
  doc = res.body
})
afterAll(async () => {
  await agent?.close()
  await s?.close()
})

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    const validator = new Validator()
    const result = await validator.validate(structuredClone(doc))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('every example fits the document, and every operation has one', async () => {
    const { buildOpenApiDocument } = await import('./openapi')
    expect(buildOpenApiDocument(s.app as never, s.deps.version).problems).toEqual([])
    const missing = operationsWithoutExamples(doc)
    expect(missing, `add an example for each of these to server/src/http/openapi-examples.ts: ${missing.join(', ')}`).toEqual([])
    expect(examplesOf(doc)).toHaveLength(API_EXAMPLES.length)
  })

  it('documents events, status, metrics and the error answers of authenticated routes', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/events', '/api/status', '/metrics', '/api/pods/{ref}/logs']),
    )
    expect(doc.paths['/api/pods/{ref}'].get.responses).toHaveProperty('401')
    expect(doc.paths['/api/pods'].post.responses).toHaveProperty('413')
    expect(doc.paths['/api/auth/login'].post.responses).toHaveProperty('429')
    expect(doc.paths['/api/events'].get.parameters.map((p: Json) => p.name)).toEqual(
      expect.arrayContaining(['category', 'resource', 'namespace', 'severity', 'since', 'limit', 'cursor', 'follow']),
    )
  })

  it('replays each example request and gets the documented status and a body that fits the documented schema', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc')
    const schemaFor = (schema: Json) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'))

    let token: string | undefined
    const failures: string[] = []
    for (const ex of examplesOf(doc)) {
      const url = new URL(s.url + ex.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(ex.params[k] ?? `{${k}}`)))
      for (const [k, v] of Object.entries(ex.query)) url.searchParams.set(k, v)
      const headers: Record<string, string> = {}
      if (ex.body !== undefined) headers['content-type'] = 'application/json'
      if (ex.auth === 'admin' && token) headers.authorization = `Bearer ${token}`
      const res = await fetch(url, {
        method: ex.method.toUpperCase(),
        headers,
        ...(ex.body !== undefined ? { body: JSON.stringify(ex.body) } : {}),
      })
      const text = await res.text()
      const label = `${ex.method.toUpperCase()} ${ex.path} (${ex.name})`
      if (res.status !== ex.status) {
        failures.push(`${label}: expected ${ex.status}, got ${res.status} ${text.slice(0, 300)}`)
        continue
      }
      const type = res.headers.get('content-type') ?? ''
      const documented = ex.op.responses[String(ex.status)]?.content
      if (type.includes('application/json')) {
        const schema = documented?.['application/json']?.schema
        if (!schema) failures.push(`${label}: answered JSON, but the document has no JSON schema for ${ex.status}`)
        else {
          const validate = ajv.compile(schemaFor(schema))
          if (!validate(JSON.parse(text)))
            failures.push(`${label}: body does not fit the schema: ${ajv.errorsText(validate.errors)}`)
        }
      } else if (documented && text) {
        const media = Object.keys(documented)
        if (!media.some((m) => type.startsWith(m))) failures.push(`${label}: answered ${type}, documented ${media.join(', ')}`)
      }
      if (ex.path === '/api/auth/setup' && ex.status === 201) {
        token = JSON.parse(text).accessToken
        // The examples about nodes need one: `laptop`, connected over the WebSocket.
        agent = await connectFakeAgent(s.url, token!, { name: 'laptop' })
      }
    }
    expect(failures).toEqual([])
  })
})
