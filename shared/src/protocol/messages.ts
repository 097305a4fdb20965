/**
 * Every WebSocket message between the server and its clients (agents, and users watching events),
 * declared once: a literal `type`, the
 * direction it travels and the schema of its payload. Both sides decode with ./codec.
 *
 * Envelope: `{ type, id?, replyTo?, payload }`. `id` is set by the sender when it wants an answer;
 * the answer (or an `error`) carries `replyTo` with that id.
 */
import { z } from 'zod'
import { labelsSchema } from '../model/labels'
import { taintSchema } from '../model/taints'
import { resourcesSchema, resourceRequestSchema } from '../model/resources'
import { nodeRuntime, packRuntime, sha256Hex } from '../model/pack'
import { argsSchema, envSchema, reportedPodStatuses } from '../model/pod'
import { nodeConditionSchema, podNetworkModes } from '../model/node'
import { ProtocolErrorCode } from './errors'
import { resourceName } from '../model/names'

// Payloads ignore fields they do not know, at every depth (a newer peer may send more); the model's
// schemas shared with REST (which rejects unknown fields) are loosened for the wire here.
const wireTaint = taintSchema.strip()
const wireResources = resourcesSchema.strip()
const wireRequest = resourceRequestSchema.strip()

const uuid = z.string().min(1).max(64)
const incarnation = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const text = (max: number) => z.string().max(max)

/** A pod the agent runs, as it reports it when (re)registering and in heartbeats. */
export const runningPodSchema = z.object({
  podId: uuid,
  incarnation,
  status: z.enum(reportedPodStatuses),
})

export const podUsageSchema = z.object({
  podId: uuid,
  incarnation,
  /** CPU used, in millicores, averaged since the last heartbeat. */
  cpu: z.number().min(0).max(10_000_000),
  /** Memory in MB. */
  memory: z.number().min(0).max(100_000_000),
})

/** Everything a node needs to start one run of a pod. */
export const podAssignmentSchema = z.object({
  podId: uuid,
  name: text(253),
  namespace: text(63),
  incarnation,
  /** `namespace` is the pack's own (absent from older servers: the pod's). */
  pack: z.object({
    namespace: text(63).optional(),
    name: text(128),
    version: text(64),
    sha256: sha256Hex,
    runtime: packRuntime,
  }),
  env: envSchema,
  args: argsSchema,
  resources: wireRequest,
})
export type PodAssignment = z.infer<typeof podAssignmentSchema>

export const logEntrySchema = z.object({
  /** Milliseconds since the epoch, on the node's clock. */
  ts: z.number(),
  stream: z.enum(['stdout', 'stderr']),
  line: text(16_384),
})
export type LogEntry = z.infer<typeof logEntrySchema>

export type Direction = 'agent→server' | 'server→agent' | 'both'

function message<T extends string, S extends z.ZodType>(type: T, direction: Direction, payload: S) {
  return { type, direction, payload }
}

export const messages = {
  /** First message on every connection. `nodeId` is absent only on a node's very first start. */
  'node:register': message(
    'node:register',
    'agent→server',
    z.object({
      protocol: z.number().int(),
      nodeId: uuid.optional(),
      /** A DNS-1123 label, like every other resource name. */
      name: resourceName,
      runtime: nodeRuntime,
      labels: labelsSchema.default({}),
      taints: z.array(wireTaint).max(64).default([]),
      allocatable: wireResources,
      agentVersion: text(64).optional(),
      /** Pods this agent is running right now, so the server can adopt or stop them. */
      pods: z.array(runningPodSchema).max(10_000).default([]),
      /** What its pods may connect to (Node agents); `open` reaches the node's machine: admins only. */
      podNetwork: z.enum(podNetworkModes).optional(),
      /** What is wrong with the node now (see nodeConditionSchema); none: all is well. */
      conditions: z.array(nodeConditionSchema.strip()).max(16).optional(),
    }),
  ),
  'node:registered': message(
    'node:registered',
    'server→agent',
    z.object({
      nodeId: uuid,
      name: text(63),
      /** How often to send `node:heartbeat` (already jittered for this node). */
      heartbeatIntervalMs: z.number().int().min(100).max(600_000),
      /** A credential for this node identity; store it and connect with it from now on. */
      nodeToken: text(8192).optional(),
    }),
  ),
  /**
   * A rotated credential for this node: store it and connect with it from now on (the one the
   * connection opened with stops working). `expiresAt` is in ms since the epoch.
   */
  'node:token': message(
    'node:token',
    'server→agent',
    z.object({ nodeToken: text(8192).min(8), expiresAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
  ),
  'node:heartbeat': message(
    'node:heartbeat',
    'agent→server',
    z.object({
      pods: z.array(runningPodSchema).max(10_000).optional(),
      usage: z.array(podUsageSchema).max(10_000).optional(),
      /**
       * What the node uses beside its pods, where only the node can be measured: a browser page's
       * own JS heap (MB), which no pod's figure can carry (a browser cannot attribute memory to a worker).
       */
      node: z.object({ memory: z.number().min(0).max(100_000_000) }).optional(),
      /** The node's conditions now (absent: unchanged from what the agent said last). */
      conditions: z.array(nodeConditionSchema.strip()).max(16).optional(),
    }),
  ),
  /**
   * A browser node's device now (power, battery, visibility, WebGPU) as labels, and the device
   * taints it carries now (see model/device.ts); sent after registering and on every change.
   */
  'node:device': message(
    'node:device',
    'agent→server',
    z.object({ labels: labelsSchema, taints: z.array(wireTaint).max(8).default([]) }),
  ),
  'pod:assign': message('pod:assign', 'server→agent', z.object({ pod: podAssignmentSchema })),
  /**
   * The node stops on purpose (Ctrl-C, fleet stop, the dashboard's Leave): the server marks it
   * Offline with reason `Left` and replaces its pods at once; with `remove` it deletes the node too.
   * The server answers `node:left` (the agent waits for it briefly, then stops its pods).
   */
  'node:leave': message('node:leave', 'agent→server', z.object({ remove: z.boolean().optional(), reason: text(256).optional() })),
  'node:left': message('node:left', 'server→agent', z.object({ nodeId: uuid, removed: z.boolean() })),
  'pod:stop': message(
    'pod:stop',
    'server→agent',
    z.object({
      podId: uuid,
      incarnation,
      reason: text(256),
      /** How long the pack has to return after its signal aborts before it is terminated. */
      gracePeriodMs: z.number().int().min(0).max(600_000),
    }),
  ),
  'pod:status': message(
    'pod:status',
    'agent→server',
    z.object({
      podId: uuid,
      incarnation,
      status: z.enum(reportedPodStatuses),
      reason: text(256).optional(),
      message: text(4096).optional(),
      exitCode: z.number().int().optional(),
    }),
  ),
  'pod:log': message(
    'pod:log',
    'agent→server',
    z.object({ podId: uuid, incarnation, entries: z.array(logEntrySchema).min(1).max(1000) }),
  ),
  /**
   * A user's connection (dashboard, `stark events --follow`) asks for live events. Topics are
   * `<category>:*` (pod, node, service, pack, system, auth, scheduler), `<category>:<name>` for one
   * resource, or `*`; `namespace` narrows namespaced events. A new subscribe replaces the last.
   */
  'watch:subscribe': message(
    'watch:subscribe',
    'agent→server',
    z.object({
      topics: z
        .array(
          z
            .string()
            .regex(/^(\*|[a-z]+:(\*|[A-Za-z0-9._@/-]{1,253}))$/, 'topic must be "*", "<category>:*" or "<category>:<name>"'),
        )
        .min(1)
        .max(32),
      namespace: text(63).optional(),
    }),
  ),
  'watch:subscribed': message('watch:subscribed', 'server→agent', z.object({ topics: z.array(text(300)) })),
  /** One committed event, as GET /api/events returns it. */
  'watch:event': message(
    'watch:event',
    'server→agent',
    z.object({
      event: z.object({
        id: z.number(),
        type: text(128),
        category: text(32),
        severity: text(16),
        resourceType: text(64).nullable(),
        resourceId: text(128).nullable(),
        resourceName: text(300).nullable(),
        namespace: text(63).nullable(),
        previousState: text(64).nullable(),
        newState: text(64).nullable(),
        reason: text(256).nullable(),
        message: text(4096).nullable(),
        correlationId: text(128).nullable(),
        createdAt: text(64),
        /** A repeated event is one event: how often it happened, and when first and last. */
        count: z.number().int().min(1).optional(),
        firstSeen: text(64).optional(),
        lastSeen: text(64).optional(),
      }),
    }),
  ),
  error: message(
    'error',
    'both',
    z.object({
      code: z.enum(Object.values(ProtocolErrorCode) as [ProtocolErrorCode, ...ProtocolErrorCode[]]),
      message: text(4096),
      /** The `type` of the message this answers, when known. */
      about: text(64).optional(),
    }),
  ),
} as const

export type MessageType = keyof typeof messages
export type Payload<T extends MessageType> = z.output<(typeof messages)[T]['payload']>
export type PayloadInput<T extends MessageType> = z.input<(typeof messages)[T]['payload']>

export interface Envelope<T extends MessageType = MessageType> {
  type: T
  id?: string
  replyTo?: string
  payload: Payload<T>
}

/** A decoded message: a discriminated union over every type. */
export type Message = { [T in MessageType]: Envelope<T> }[MessageType]

export type AgentToServer = Extract<
  Message,
  { type: 'node:register' | 'node:heartbeat' | 'node:device' | 'node:leave' | 'pod:status' | 'pod:log' | 'error' }
>
export type ServerToAgent = Extract<
  Message,
  { type: 'node:registered' | 'node:token' | 'node:left' | 'pod:assign' | 'pod:stop' | 'error' }
>
export type WatchEventView = Payload<'watch:event'>['event']
