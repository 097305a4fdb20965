/**
 * The committed types are the ones the server's document gives today: a route changed without
 * `npm run generate -w @stark/client` fails here.
 */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { renderSchema, SCHEMA_FILE, serverDocument } from './testing/document'

it('src/schema.d.ts is generated from the current OpenAPI document', async () => {
  const fresh = await renderSchema(await serverDocument())
  expect(fresh === readFileSync(SCHEMA_FILE, 'utf8'), 'run npm run generate -w @stark/client').toBe(true)
}, 120_000) // a server start and a render, on a loaded machine
