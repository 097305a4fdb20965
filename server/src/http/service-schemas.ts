/**
 * REST schemas for services (and pod rollback): they validate requests (bodies reject unknown
 * fields) and describe responses for the OpenAPI document.
 */
import { z } from '@hono/zod-openapi'
import { packRefText, packVersion, podStatuses, resourceName, userLabelsSchema } from '@stark/shared'
import { MAX_REPLICAS } from '../services/service-ops'
import { packVersionRef, podTemplateFields } from './schemas'

const iso = z.string().openapi({ format: 'date-time' })
const packRef = packVersionRef
const count = (max: number) => z.number().int().min(0).max(max)

const strategy = {
  followLatest: z.boolean().optional().openapi({ description: 'Roll out every newer version of the pack as it is registered.' }),
  maxSurge: count(MAX_REPLICAS).optional().openapi({ description: 'Pods above replicas during a rolling update (default 1).' }),
  maxUnavailable: count(MAX_REPLICAS)
    .optional()
    .openapi({ description: 'Pods below replicas allowed during a rolling update (default 0).' }),
  minReadySeconds: count(3600)
    .optional()
    .openapi({ description: 'How long a new pod must have been ready to count as available (default 1 s).' }),
}

export const CreateServiceBody = z
  .strictObject({
    name: resourceName.meta({ example: 'web' }),
    namespace: resourceName.optional(),
    pack: packRefText.meta({
      description:
        'The pack: name[@version] for one of the service’s namespace, namespace/name[@version] for a public (or your own) pack of another; without a version, the highest.',
      example: 'web@1.0.0',
    }),
    version: packVersion.optional(),
    replicas: count(MAX_REPLICAS)
      .optional()
      .openapi({ description: 'Pods to run (default 1). 0 means DaemonSet mode: one pod on every matching node.' }),
    daemonset: z
      .boolean()
      .optional()
      .openapi({ description: 'DaemonSet mode: one pod on every node that matches the selector and tolerations.' }),
    ...strategy,
    ...podTemplateFields,
  })
  .openapi('CreateService')

export const ScaleServiceBody = z.strictObject({ replicas: count(MAX_REPLICAS) }).openapi('ScaleService')

/**
 * The pod template in an update: each field given replaces that field of the template (a resource
 * left out of `resources` keeps its value; `priority` replaces a priority class). A change starts a
 * rolling update, as a new version does; a DaemonSet's template cannot change in place.
 */
const { labels: _labels, ...templateFields } = podTemplateFields

export const UpdateServiceBody = z
  .strictObject({
    pack: packRefText.optional().meta({
      description:
        'A new version, starting a rolling update: name@version (or name for the newest) of the service’s namespace — or of its current pack’s, when the service’s has no pack of that name — or namespace/name[@version].',
    }),
    version: packVersion.optional(),
    labels: userLabelsSchema
      .optional()
      .meta({ description: 'New labels for the service (replacing its labels), set on its pods at once.' }),
    ...strategy,
    ...templateFields,
  })
  .openapi('UpdateService')

export const RollbackPodBody = z
  .strictObject({
    version: packVersion
      .optional()
      .openapi({ description: 'The version to run (default: the one registered before the current one).' }),
  })
  .openapi('RollbackPod')

const counts = z.object({
  desired: z.number().int().openapi({ description: 'Replicas, or the nodes a DaemonSet belongs on.' }),
  current: z.number().int(),
  ready: z.number().int(),
  updated: z.number().int().openapi({ description: 'Pods made from the current version.' }),
  available: z.number().int().openapi({ description: 'Ready for at least minReadySeconds.' }),
})

export const ServiceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    namespace: z.string(),
    mode: z.enum(['replicas', 'daemonset']),
    pack: packRef,
    replicas: z.number().int(),
    followLatest: z.boolean(),
    paused: z.boolean(),
    deleting: z.boolean(),
    labels: z.record(z.string(), z.string()).openapi({ description: 'Its labels; its pods carry them too.' }),
    strategy: z.object({ maxSurge: z.number().int(), maxUnavailable: z.number().int(), minReadySeconds: z.number().int() }),
    counts,
    condition: z.object({ type: z.string(), reason: z.string(), message: z.string(), at: iso }).nullable(),
    rollout: z
      .object({ from: packRef.nullable(), to: packRef, startedAt: iso, rollback: z.boolean(), failures: z.number().int() })
      .nullable()
      .openapi({ description: 'The rollout in progress (rollback: an automatic rollback).' }),
    healthyVersion: packRef
      .nullable()
      .openapi({ description: 'The last version that ran healthily (every pod up to date and available).' }),
    failedVersion: packRef
      .nullable()
      .openapi({ description: 'A version rolled back from; not retried until the service is updated again.' }),
    templateHash: z.string().openapi({
      description:
        'The hash of the pod template; its pods carry the hash they were made from (empty: the template from before hashes).',
    }),
    template: z.object({
      selector: z.record(z.string(), z.string()),
      tolerations: z.array(z.object({}).passthrough()),
      affinity: z.object({}).passthrough().nullable(),
      resources: z.object({ cpu: z.number().int(), memory: z.number().int() }),
      priority: z.number().int(),
      priorityClass: z.string().nullable(),
      env: z.record(z.string(), z.string()),
      args: z.array(z.string()),
    }),
    ownerId: z.string(),
    generation: z.number().int(),
    createdAt: iso,
    updatedAt: iso,
  })
  .openapi('Service')

export const DeletingServiceSchema = ServiceSchema.extend({
  stopping: z.number().int().openapi({
    description: 'Its pods still stopping on their nodes; the service is gone once none is left.',
  }),
}).openapi('DeletingService')

export const ServicePodSchema = z
  .object({
    name: z.string(),
    status: z.enum(podStatuses),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    nodeName: z.string().nullable(),
    version: z.string(),
    upToDate: z.boolean(),
    ready: z.boolean(),
    available: z.boolean(),
    restarts: z.number().int(),
    incarnation: z.number().int(),
    deleting: z.boolean(),
    createdAt: iso,
  })
  .openapi('ServicePod')

export const ServiceEventSchema = z
  .object({
    id: z.number(),
    type: z.string(),
    severity: z.string(),
    resourceType: z.string().nullable(),
    resourceName: z.string().nullable(),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    createdAt: iso,
  })
  .openapi('ServiceEvent')

export const ServiceDetailSchema = ServiceSchema.extend({
  pods: z.array(ServicePodSchema),
  events: z.array(ServiceEventSchema),
}).openapi('ServiceDetail')

export const ServiceHistorySchema = z
  .object({
    service: z.string(),
    namespace: z.string(),
    items: z.array(
      z.object({
        /** 1 for the first version; the highest is the latest. */
        revision: z.number().int(),
        pack: z.object({
          id: z.string(),
          namespace: z.string().nullable(),
          name: z.string().nullable(),
          version: z.string().nullable(),
        }),
        templateHash: z
          .string()
          .openapi({ description: 'The hash of its pod template (empty: the template from before hashes).' }),
        template: z
          .object({})
          .passthrough()
          .openapi({ description: 'Its pod template (env, args, resources, placement, priority).' }),
        reason: z.string(),
        outcome: z.enum(['Progressing', 'Complete', 'Failed', 'RolledBack', 'Superseded']).openapi({
          description:
            'What became of it: Progressing, Complete (every pod ran it healthily), Failed (rolled back after failures, or failing), RolledBack (a user went back from it), Superseded (a newer version replaced it).',
        }),
        at: z.string(),
        current: z.boolean(),
      }),
    ),
  })
  .openapi('ServiceHistory')
