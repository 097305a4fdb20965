/**
 * Checking the objects of a manifest before anything is sent: each kind's fields as the REST body
 * that creates it takes them (unknown fields refused), built from the same shared pieces the
 * server's schemas use. The server checks again; this is so that a bad file changes nothing and
 * every bad object is reported at once, with its place in the file.
 */
import {
  argsSchema,
  envSchema,
  labelsSchema,
  nodeAffinitySchema,
  packName,
  packRefText,
  packRuntimes,
  packVersion,
  resourceName,
  restartPolicies,
  tolerationSchema,
  userLabelsSchema,
  visibilities,
} from '@stark/shared'
import { z } from 'zod'
import type { StarkObject } from './manifest-config'

const count = (max: number) => z.number().int().min(0).max(max)
const MAX_REPLICAS = 10_000

const metadata = z.strictObject({ name: resourceName, namespace: resourceName.optional() })
const clusterMetadata = z.strictObject({ name: resourceName })

const podTemplate = {
  pack: packRefText,
  labels: userLabelsSchema.optional(),
  version: packVersion.optional(),
  selector: labelsSchema.optional(),
  tolerations: z.array(tolerationSchema).max(64).optional(),
  resources: z.strictObject({ cpu: count(1_000_000).optional(), memory: count(10_000_000).optional() }).optional(),
  priority: count(1000).optional(),
  priorityClass: resourceName.optional(),
  affinity: nodeAffinitySchema.optional(),
  env: envSchema.optional(),
  args: argsSchema.optional(),
}

const kinds = {
  Namespace: z.strictObject({
    kind: z.literal('Namespace'),
    metadata: clusterMetadata,
    quota: z
      .strictObject({ pods: count(100_000).optional(), cpu: count(10_000_000).optional(), memory: count(100_000_000).optional() })
      .optional(),
  }),
  PriorityClass: z.strictObject({
    kind: z.literal('PriorityClass'),
    metadata: clusterMetadata,
    value: count(1000),
    description: z.string().max(1024).optional(),
  }),
  Secret: z
    .strictObject({
      kind: z.literal('Secret'),
      metadata,
      data: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name'), z.string())
        .optional(),
      envFile: z.string().min(1).optional(),
    })
    .refine((s) => s.data !== undefined || s.envFile !== undefined, 'a Secret needs data or envFile'),
  Pack: z.strictObject({
    kind: z.literal('Pack'),
    metadata: z.strictObject({ name: packName, namespace: resourceName.optional() }),
    version: packVersion,
    runtime: z.enum(packRuntimes).optional(),
    visibility: z.enum(visibilities).optional(),
    description: z.string().max(1024).optional(),
    bundle: z.string().min(1),
  }),
  Service: z
    .strictObject({
      kind: z.literal('Service'),
      metadata,
      ...podTemplate,
      replicas: count(MAX_REPLICAS).optional(),
      daemonset: z.boolean().optional(),
      followLatest: z.boolean().optional(),
      maxSurge: count(MAX_REPLICAS).optional(),
      maxUnavailable: count(MAX_REPLICAS).optional(),
      minReadySeconds: count(3600).optional(),
    })
    .refine((s) => !(s.priority !== undefined && s.priorityClass !== undefined), 'priority or priorityClass, not both'),
  Pod: z
    .strictObject({
      kind: z.literal('Pod'),
      metadata,
      ...podTemplate,
      restartPolicy: z.enum(restartPolicies).optional(),
      secrets: z.array(resourceName).max(16).optional(),
    })
    .refine((s) => !(s.priority !== undefined && s.priorityClass !== undefined), 'priority or priorityClass, not both'),
} as const

export type Kind = keyof typeof kinds
export const KINDS = Object.keys(kinds) as Kind[]

/** Objects checked against their kind: what the commands act on. */
export type ManifestObject = { [K in Kind]: z.output<(typeof kinds)[K]> }[Kind]

// Every checked object is one the typed config accepts (so the two cannot drift apart).
const _typed: (o: ManifestObject) => StarkObject = (o) => o
void _typed

/** Where an object came from: the file and its index in the list (`-` for a lone object). */
export interface Position {
  file: string
  index: number | null
}

export const positionText = (p: Position) => (p.index === null ? p.file : `${p.file}[${p.index}]`)

/** Checks one object: the object, or every problem with it (JSON pointers to the bad fields). */
export function checkObject(value: unknown): { ok: true; object: ManifestObject } | { ok: false; errors: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: ['not an object'] }
  const kind = (value as { kind?: unknown }).kind
  if (typeof kind !== 'string' || !(KINDS as string[]).includes(kind))
    return {
      ok: false,
      errors: [`/kind: must be one of ${KINDS.join(', ')}${kind === undefined ? '' : ` (got ${JSON.stringify(kind)})`}`],
    }
  const parsed = kinds[kind as Kind].safeParse(value)
  if (parsed.success) return { ok: true, object: parsed.data as ManifestObject }
  return {
    ok: false,
    errors: parsed.error.issues.flatMap((i) => {
      const at = i.path.map((p) => `/${String(p)}`).join('')
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${at}/${k}: unknown field`)
      return [`${at || '/'}: ${i.message}`]
    }),
  }
}

/** The order objects are created in (what others need first); deletion goes the other way. */
export const KIND_ORDER: readonly Kind[] = ['Namespace', 'PriorityClass', 'Secret', 'Pack', 'Service', 'Pod']

/** Secrets, packs, services and pods live in a namespace; namespaces and priority classes do not. */
export const isNamespaced = (o: ManifestObject): o is Extract<ManifestObject, { kind: 'Secret' | 'Pack' | 'Service' | 'Pod' }> =>
  o.kind === 'Secret' || o.kind === 'Pack' || o.kind === 'Service' || o.kind === 'Pod'

/** `kind/name` or `kind/namespace/name`, for messages and duplicates. */
export function objectKey(o: ManifestObject, defaultNamespace: string): string {
  if (o.kind === 'Pack') return `Pack/${o.metadata.namespace ?? defaultNamespace}/${o.metadata.name}@${o.version}`
  if (!isNamespaced(o)) return `${o.kind}/${o.metadata.name}`
  return `${o.kind}/${o.metadata.namespace ?? defaultNamespace}/${o.metadata.name}`
}
