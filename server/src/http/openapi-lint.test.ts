/**
 * The OpenAPI document as an integrator's tools read it: Redocly's `recommended` ruleset finds no
 * error in it, and every request schema (bodies and parameters) compiles under ajv (JSON Schema
 * 2020-12, strict) and accepts the document's own examples of requests that succeed.
 *
 * The warnings left are named here: a public probe with no input cannot answer 4xx, and an example
 * of a refused request does not fit its schema on purpose.
 */
import { createConfig, lintFromString, type NormalizedProblem } from '@redocly/openapi-core'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'

type Json = Record<string, any>

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const
/** The public GETs without input: nothing a caller sends can be wrong. */
const NO_4XX = ['/health', '/livez', '/readyz', '/api/auth/providers', '/api/auth/registration']
const EXAMPLE_RULES = ['no-invalid-media-type-examples', 'no-invalid-parameter-examples']

let s: TestServer
let doc: Json

beforeAll(async () => {
  s = await startTestServer()
  const res = await s.api('GET', '/api/openapi.json')
  expect(res.status).toBe(200)
  doc = res.body
})
afterAll(async () => {
  await s?.close()
})

const unescape = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~')

/** The status the document's example `name` of an operation is sent for. */
function exampleStatus(op: Json, name: string): number | undefined {
  return op['x-stark-examples']?.find((x: Json) => x.name === name)?.status
}

/** Why a warning is expected, or undefined when it is not. */
function accepted(problem: NormalizedProblem): string | undefined {
  const pointer = problem.location[0]?.pointer ?? ''
  const [, paths, path, method, ...rest] = pointer.replace(/^#/, '').split('/').map(unescape)
  if (paths !== 'paths' || !path || !method) return undefined
  if (problem.ruleId === 'operation-4xx-response' && NO_4XX.includes(path)) return 'a public probe'
  if (!EXAMPLE_RULES.includes(problem.ruleId)) return undefined
  const name = rest[rest.indexOf('examples') + 1]
  const status = name ? exampleStatus(doc.paths[path][method], name) : undefined
  return status !== undefined && status >= 400 ? `an example of a refused request (${status})` : undefined
}

function ajv() {
  const validator = new Ajv2020({ strict: true, allErrors: true })
  addFormats(validator)
  // OpenAPI's own keywords beside JSON Schema's.
  validator.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs'])
  validator.addSchema({ $id: 'doc', $defs: local(doc.components.schemas) })
  return validator
}
/** A schema whose references point into the `doc` schema the components were added as. */
const local = (schema: Json) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"doc#/$defs/'))

function* operations(): Generator<[string, string, Json]> {
  for (const [path, item] of Object.entries<Json>(doc.paths))
    for (const method of METHODS) if (item[method]) yield [path, method, item[method]]
}

describe('the OpenAPI document, linted', () => {
  it("passes Redocly's recommended ruleset with no error and only the named warnings", async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config })
    const show = (p: NormalizedProblem) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`
    expect(problems.filter((p) => p.severity === 'error').map(show)).toEqual([])
    expect(problems.filter((p) => p.severity !== 'error' && !accepted(p)).map(show)).toEqual([])
  }, 60_000)

  it('has unique operation ids and a description for every response', () => {
    const ids = [...operations()].map(([, , op]) => op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const [path, method, op] of operations())
      for (const [status, response] of Object.entries<Json>(op.responses))
        expect(response.description, `${method} ${path} ${status}`).toBeTruthy()
  })

  it('compiles every request body and parameter schema under ajv, and they accept the examples that succeed', () => {
    const validator = ajv()
    let compiled = 0
    const failures: string[] = []
    for (const [path, method, op] of operations()) {
      const label = `${method} ${path}`
      for (const [type, media] of Object.entries<Json>(op.requestBody?.content ?? {})) {
        if (!media.schema) continue
        const validate = validator.compile(local(media.schema))
        compiled++
        for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
          const status = exampleStatus(op, name)
          if (type !== 'application/json' || status === undefined || status >= 400) continue
          if (!validate(example.value)) failures.push(`${label} ${name}: ${validator.errorsText(validate.errors)}`)
        }
      }
      for (const param of op.parameters ?? []) {
        const validate = validator.compile(local(param.schema))
        compiled++
        for (const [name, example] of Object.entries<Json>(param.examples ?? {})) {
          const status = exampleStatus(op, name)
          if (status === undefined || status >= 400) continue
          if (!validate(example.value)) failures.push(`${label} ${param.name} ${name}: ${validator.errorsText(validate.errors)}`)
        }
      }
    }
    expect(failures).toEqual([])
    expect(compiled).toBeGreaterThan(50)
  })
})
