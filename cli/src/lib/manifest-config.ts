/**
 * The objects `stark apply -f` takes, as types a config module can import so an editor completes
 * them:
 *
 *   import { defineConfig } from '@stark/cli/config'
 *   export default defineConfig([
 *     { kind: 'Namespace', metadata: { name: 'shop' } },
 *     { kind: 'Pack', metadata: { name: 'web' }, version: '1.0.0', bundle: './dist/web.pack.js' },
 *     { kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, pack: 'web@1.0.0', replicas: 2 },
 *   ])
 *
 * Each kind is the REST body that creates it (the server's own request types, read through the
 * typed client), with `kind` and `metadata.name` / `metadata.namespace` in place of its name and
 * namespace. A pack names its bundle file and a secret may name an env file, both relative to the
 * file that describes them.
 */
import type { StarkClient } from '@stark/server/client'
import type { InferRequestType } from 'hono/client'

type Api = StarkClient['api']
type Body<F> = InferRequestType<F> extends { json: infer J } ? J : never

type NamespaceBody = Body<Api['namespaces']['$post']>
type PriorityClassBody = Body<Api['priorityclasses']['$post']>
type PackBody = Body<Api['packs']['$post']>
type ServiceBody = Body<Api['services']['$post']>
type PodBody = Body<Api['pods']['$post']>

/** Which object: its name, and for namespaced kinds the namespace (default: the CLI's namespace). */
export interface Metadata {
  name: string
  namespace?: string
}

export type NamespaceObject = { kind: 'Namespace'; metadata: { name: string } } & Omit<NamespaceBody, 'name'>

export type PriorityClassObject = { kind: 'PriorityClass'; metadata: { name: string } } & Omit<PriorityClassBody, 'name'>

export interface SecretObject {
  kind: 'Secret'
  metadata: Metadata
  /** KEY → value. */
  data?: Record<string, string>
  /** A file of KEY=value lines (`#` comments), relative to this file; `data` wins on a clash. */
  envFile?: string
}

export type PackObject = { kind: 'Pack'; metadata: Metadata } & Omit<PackBody, 'name' | 'bundle' | 'namespace'> & {
    /** The built bundle (`stark pack bundle`), relative to this file. The same bytes again are unchanged. */
    bundle: string
  }

export type ServiceObject = { kind: 'Service'; metadata: Metadata } & Omit<ServiceBody, 'name' | 'namespace'>

export type PodObject = { kind: 'Pod'; metadata: Metadata } & Omit<PodBody, 'name' | 'namespace'>

/** One object `stark apply` creates or updates. */
export type StarkObject = NamespaceObject | PriorityClassObject | SecretObject | PackObject | ServiceObject | PodObject

export type StarkKind = StarkObject['kind']

/** Types the list a config module exports by default (it returns it unchanged). */
export function defineConfig(objects: readonly StarkObject[]): readonly StarkObject[] {
  return objects
}
