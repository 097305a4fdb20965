/**
 * REST schemas: they validate requests and describe responses, and the OpenAPI document is
 * generated from them. Request bodies reject unknown fields.
 */
import { z } from '@hono/zod-openapi'
import {
  argsSchema,
  envSchema,
  labelsSchema,
  userLabelsSchema,
  nodeAffinitySchema,
  nodeStatuses,
  packName,
  packRefText,
  packRuntimes,
  packVersion,
  podNetworkModes,
  podStatuses,
  resourceName,
  restartPolicies,
  taintSchema,
  tolerationSchema,
  visibilities,
} from '@stark/shared'

/** RFC 9457 problem details, as every error is answered (http/problem.ts). */
export const ErrorSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:stark:problem:not-found', description: 'The kind of problem (one per `code`).' }),
    title: z.string().openapi({ example: 'Not Found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'pod hello-x7k2p not found' }),
    instance: z.string().openapi({ example: '/api/pods/hello-x7k2p', description: 'The request path.' }),
    code: z.string().openapi({ example: 'not_found' }),
    errors: z
      .array(z.object({ pointer: z.string().openapi({ example: '/replicas' }), detail: z.string() }))
      .optional()
      .openapi({
        description:
          'For an invalid request: each bad field, as a JSON pointer into the body (`/query/…`, `/param/…` for the URL).',
      }),
    details: z.record(z.string(), z.unknown()).optional(),
    error: z
      .object({
        code: z.string().openapi({ example: 'not_found' }),
        message: z.string().openapi({ example: 'pod hello-x7k2p not found' }),
        details: z.record(z.string(), z.unknown()).optional(),
      })
      .openapi({ description: 'The same code and message in the form of the first API (kept for older clients).' }),
  })
  .openapi('Problem')

const iso = z.string().openapi({ format: 'date-time' })
const resources = z.object({ cpu: z.number().int(), memory: z.number().int(), pods: z.number().int() })

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(['admin', 'user', 'node', 'viewer']),
    disabled: z.boolean(),
    createdAt: iso,
  })
  .openapi('User')

// No whitespace, control, format (bidi, zero-width) or unassigned characters: an email is shown in lists and logs.
const email = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .regex(/^[^\s@\p{C}]+@[^\s@\p{C}]+$/u, 'must be an email address')
  // The pattern written out: the generated one would carry the regex flags (`…$/u`), which no validator reads.
  .openapi({ example: 'ada@example.com', pattern: '^[^\\s@\\p{C}]+@[^\\s@\\p{C}]+$' })

/** A new password: at least 12 characters and not a common one (auth/password-policy.ts checks the list). */
export const CredentialsBody = z
  .strictObject({
    email,
    password: z.string().min(12, 'must be at least 12 characters').max(1024).openapi({ example: 'correct horse battery' }),
  })
  .openapi('Credentials')

/** Signing in checks the password, not the policy (it may predate it). */
export const LoginBody = z.strictObject({ email, password: z.string().min(1).max(1024) }).openapi('Login')

export const TokensSchema = z
  .object({
    user: UserSchema,
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresAt: iso,
  })
  .openapi('Tokens')

export const PackSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string(),
    runtime: z.enum(packRuntimes),
    visibility: z.enum(visibilities),
    namespace: z.string(),
    sha256: z.string(),
    size: z.number().int(),
    description: z.string().nullable(),
    ownerId: z.string(),
    createdAt: iso,
  })
  .openapi('Pack')

export const RegisterPackBody = z
  .strictObject({
    name: packName.meta({ example: 'hello' }),
    version: packVersion.meta({ example: '1.0.0' }),
    runtime: z.enum(packRuntimes).default('universal'),
    visibility: z.enum(visibilities).default('private'),
    namespace: resourceName.default('default').meta({
      description:
        'The namespace the pack is registered into (one you may use: your own, or a shared one; `system` for admins). Its name is unique within it. `user` is an alias of `default`.',
      example: 'default',
    }),
    description: z.string().max(1024).optional(),
    bundle: z.string().min(1).openapi({
      description: 'The ES module source (one self-contained bundle).',
      example: 'export default async function main(ctx) { console.log("hi") }',
    }),
  })
  .openapi('RegisterPack')

/** Which pack version a pod or service runs, as REST answers show it. */
export const packVersionRef = z.object({
  id: z.string(),
  namespace: z
    .string()
    .openapi({ description: 'The pack’s namespace (a pack of another namespace is written ns/name@version).' }),
  name: z.string(),
  version: z.string(),
})

export const PodSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    namespace: z.string(),
    status: z.enum(podStatuses),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    nodeId: z.string().nullable(),
    nodeName: z.string().nullable(),
    pack: packVersionRef.extend({ runtime: z.enum(packRuntimes) }),
    service: z.string().nullable(),
    incarnation: z.number().int(),
    restarts: z.number().int(),
    priority: z.number().int(),
    resources: z.object({ cpu: z.number().int(), memory: z.number().int() }),
    labels: z.record(z.string(), z.string()).openapi({
      description: 'Its labels; a service’s pods carry the service’s plus `stark.io/service=<name>`.',
    }),
    selector: z.record(z.string(), z.string()),
    tolerations: z.array(z.object({}).passthrough()),
    affinity: nodeAffinitySchema.nullable(),
    priorityClass: z.string().nullable(),
    restartPolicy: z.enum(restartPolicies),
    env: z.record(z.string(), z.string()),
    secrets: z
      .array(z.string())
      .optional()
      .openapi({ description: 'The secrets it references, by name (their values are never shown).' }),
    args: z.array(z.string()),
    exitCode: z.number().int().nullable(),
    ownerId: z.string(),
    createdAt: iso,
    scheduledAt: iso.nullable(),
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
    deletedAt: iso.nullable(),
    usage: z.object({ cpu: z.number(), memory: z.number(), at: iso }).nullable().openapi({
      description:
        'What the pod’s current run uses, as its node last reported it (CPU millicores, memory MB); null when not running or not reported.',
    }),
  })
  .openapi('Pod')

/** Where and how a pod runs: the fields a pod and a service's pod template share. */
export const podTemplateFields = {
  labels: userLabelsSchema.optional().meta({
    description: 'Labels (Kubernetes key/value syntax, at most 64); lists select on them with `labelSelector`.',
    example: { app: 'web', tier: 'front' },
  }),
  selector: labelsSchema.optional(),
  tolerations: z.array(tolerationSchema).max(64).optional(),
  resources: z
    .strictObject({
      cpu: z.number().int().min(0).max(1_000_000).optional(),
      memory: z.number().int().min(0).max(10_000_000).optional(),
    })
    .optional(),
  priority: z.number().int().min(0).max(1000).optional(),
  priorityClass: resourceName
    .optional()
    .meta({ description: 'A priority class (stark priorityclass list); the pod gets its value. Not together with priority.' }),
  affinity: nodeAffinitySchema.optional().meta({
    description:
      'Node affinity: `required` terms (the node must match one; expressions in a term all) and weighted `preferred` terms.',
    example: { required: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] },
  }),
  env: envSchema.optional(),
  args: argsSchema.optional(),
}

export const CreatePodBody = z
  .strictObject({
    pack: packRefText.meta({
      description:
        'The pack: name[@version] for one of the pod’s namespace, namespace/name[@version] for a public (or your own) pack of another; without a version, the highest.',
      example: 'hello@1.0.0',
    }),
    version: packVersion.optional(),
    name: resourceName.optional(),
    namespace: resourceName.optional(),
    ...podTemplateFields,
    restartPolicy: z.enum(restartPolicies).optional(),
    secrets: z.array(resourceName).max(16).optional().meta({
      description:
        'Secrets in the pod’s namespace (stark secret create) whose keys join its environment, on its node only; `env` wins on a clash.',
    }),
  })
  .openapi('CreatePod')

export const NodeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    runtime: z.enum(['node', 'browser']),
    status: z.enum(nodeStatuses),
    reason: z.string().nullable().openapi({
      description:
        'Why the node has its status: `Left` (it stopped on purpose), `Disconnected`, `NodeSilent`, `Registered`, `Reconnected`, …',
    }),
    labels: z.record(z.string(), z.string()),
    taints: z.array(taintSchema),
    unschedulable: z.boolean(),
    trusted: z.boolean(),
    allocatable: resources,
    allocated: resources,
    used: resources.nullable().openapi({
      description:
        'What the node’s running pods use together, as the node reports it (CPU millicores, memory MB, running pods); null when it reports nothing.',
    }),
    ownerId: z.string().nullable(),
    agentVersion: z.string().nullable(),
    conditions: z.array(z.object({ type: z.string(), reason: z.string(), message: z.string(), since: z.number() })).openapi({
      description:
        'What the node’s agent reports wrong now, e.g. ResourcePressure (it cannot start pods: out of file descriptors, processes or memory); a node with a …Pressure condition takes no new pods. Empty when all is well.',
    }),
    podNetwork: z.enum(podNetworkModes).nullable().openapi({
      description:
        'What pods on this Node node may connect to, as its agent said when it registered (open: its own machine too; admins only); null when not reported.',
    }),
    lastHeartbeatAt: iso.nullable(),
    connectedAt: iso.nullable(),
    createdAt: iso,
  })
  .openapi('Node')

export const PodHistorySchema = z
  .object({
    incarnation: z.number().int(),
    status: z.string(),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    nodeId: z.string().nullable(),
    nodeName: z.string().nullable(),
    at: iso,
  })
  .openapi('PodTransition')

export const LogLineSchema = z
  .object({
    id: z.number().openapi({ description: 'The stored line’s id; 0 on a line streamed live (follow=true) before it is stored.' }),
    incarnation: z.number().int().openapi({
      description: 'The run the line belongs to (-1 for a note from the server, e.g. lines dropped over the rate limit).',
    }),
    ts: iso,
    stream: z.enum(['stdout', 'stderr']),
    line: z.string(),
  })
  .openapi('LogLine')

export const namespaceQuery = z.object({
  namespace: resourceName.optional().meta({ description: 'Namespace (default: "default").' }),
})

export const refParam = z.object({
  ref: z
    .string()
    .min(1)
    .max(253)
    .openapi({ param: { name: 'ref', in: 'path' }, description: 'Name or id.' }),
})

export const jsonContent = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

/** An error answer: `application/problem+json`. */
export const problemContent = (description: string) => ({
  content: { 'application/problem+json': { schema: ErrorSchema } },
  description,
})

export const errorResponses = {
  400: problemContent('Invalid request'),
  401: problemContent('Not authenticated'),
  403: problemContent('Not allowed'),
  404: problemContent('Not found'),
  409: problemContent('Conflict'),
} as const
