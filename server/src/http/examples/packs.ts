/** OpenAPI examples: registering pack versions and downloading their bundles. */
import { createHash } from 'node:crypto'
import type { ApiExample } from '../api-example'

export const EXAMPLE_BUNDLE = 'export default async function main(ctx) { console.log("hi from " + ctx.pod.name) }'
export const EXAMPLE_BUNDLE_SHA256 = createHash('sha256').update(EXAMPLE_BUNDLE).digest('hex')

export const packExamples: ApiExample[] = [
  {
    op: 'post /api/packs',
    name: 'register',
    summary: 'Register hello@1.0.0',
    body: { name: 'hello', version: '1.0.0', runtime: 'universal', visibility: 'private', bundle: EXAMPLE_BUNDLE },
    status: 201,
  },
  {
    op: 'post /api/packs',
    name: 'new-version',
    summary: 'Register hello@1.1.0 (pods and services may roll between versions)',
    body: { name: 'hello', version: '1.1.0', bundle: `${EXAMPLE_BUNDLE}\n// 1.1.0` },
    status: 201,
  },
  {
    op: 'post /api/packs',
    name: 'in-namespace',
    summary:
      'Register hello@1.0.0 in the system namespace too (names are unique per namespace), for everyone to run as system/hello@1.0.0',
    body: { name: 'hello', version: '1.0.0', namespace: 'system', visibility: 'public', bundle: EXAMPLE_BUNDLE },
    status: 201,
  },
  {
    op: 'post /api/packs',
    name: 'immutable',
    summary: 'A version is never replaced',
    body: { name: 'hello', version: '1.0.0', bundle: 'export default async function main() {}' },
    status: 409,
  },
  {
    op: 'post /api/packs',
    name: 'unknown-field',
    summary: 'Request bodies reject unknown fields',
    body: { name: 'hello', version: '1.0.1', bundle: EXAMPLE_BUNDLE, colour: 'blue' },
    status: 400,
  },
  {
    op: 'get /api/packs',
    name: 'by-name',
    summary: 'Every version of hello, in every namespace you can see',
    query: { name: 'hello', limit: '100' },
    status: 200,
  },
  {
    op: 'get /api/packs',
    name: 'in-namespace',
    summary: 'The packs of the system namespace',
    query: { namespace: 'system', limit: '100' },
    status: 200,
  },
  {
    op: 'get /api/packs/{name}/versions',
    name: 'versions',
    summary: 'Versions of hello',
    params: { name: 'hello' },
    status: 200,
  },
  {
    op: 'get /api/packs/{name}/versions',
    name: 'of-namespace',
    summary: 'Versions of system/hello',
    params: { name: 'hello' },
    query: { namespace: 'system' },
    status: 200,
  },
  {
    op: 'get /api/packs/{name}/versions',
    name: 'unknown-pack',
    summary: 'A pack that does not exist',
    params: { name: 'no-such-pack' },
    status: 404,
  },
  {
    op: 'get /api/bundles/{sha256}',
    name: 'bundle',
    summary: 'Download the bundle by its sha256',
    params: { sha256: EXAMPLE_BUNDLE_SHA256 },
    status: 200,
  },
  {
    op: 'get /api/bundles/{sha256}',
    name: 'unknown-bundle',
    summary: 'No bundle has this hash',
    params: { sha256: '0'.repeat(64) },
    status: 404,
  },
]
