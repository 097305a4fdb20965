/**
 * The OpenAPI document of a real server (in-process, on PGlite) and the TypeScript types
 * openapi-typescript renders from it: what `npm run generate -w @stark/client` writes to
 * src/schema.d.ts, and what the test beside that file compares it with.
 */
import { startTestServer } from '@stark/server/testing'
import openapiTS, { astToString } from 'openapi-typescript'

export const SCHEMA_FILE = new URL('../schema.d.ts', import.meta.url)

const HEADER = `/**
 * The Stark REST API as TypeScript types, generated from the server's OpenAPI document by
 * openapi-typescript: do not edit; run \`npm run generate -w @stark/client\` after changing a route.
 */

`

/** The served document (`GET /api/openapi.json`). */
export async function serverDocument(): Promise<Record<string, unknown>> {
  const server = await startTestServer()
  try {
    const res = await server.api('GET', '/api/openapi.json')
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`)
    return res.body
  } finally {
    await server.close()
  }
}

/** The types of a document, as the file holds them. */
export async function renderSchema(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as never, { alphabetize: true })
  return HEADER + astToString(ast)
}
