/** Writes src/schema.d.ts from the OpenAPI document of the server in this repository. */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderSchema, SCHEMA_FILE, serverDocument } from '../src/testing/document'

const text = await renderSchema(await serverDocument())
writeFileSync(SCHEMA_FILE, text)
console.log(`wrote ${fileURLToPath(SCHEMA_FILE)} (${text.split('\n').length} lines)`)
