/**
 * Pod commands from users: create, delete, look up. Every change goes through the write queue;
 * messages to nodes are sent only after the change is durable.
 */
import {
  DEFAULT_POD_REQUEST,
  formatPackRef,
  isTerminal,
  nameSuffix,
  type Labels,
  type PackRef,
  type PlacementInput,
  type RestartPolicy,
  type Rng,
} from '@stark/shared'
import { assertCanWrite, assertMayUsePriority, canSeePod } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { badRequest, conflict, forbidden, notFound } from '../errors'
import type { ClusterState } from '../state/cluster-state'
import type { Tx, WriteQueue } from '../state/write-queue'
import type { PackRecord, PodRecord } from '../store/records'
import type { NodeConnections } from '../ws/node-connections'
import { resolvePackRef, type ResolveOptions } from '../packs/pack-resolve'
import { newPendingPod } from './pending-pod'
import { requestStop } from './transitions'

export interface CreatePodInput extends PlacementInput {
  /** The pack's name; with `packNamespace`, of that namespace, else of the pod's. */
  pack: string
  packNamespace?: string | undefined
  version?: string | undefined
  name?: string | undefined
  namespace?: string | undefined
  /** The pod's labels (lists select on them). */
  labels?: Labels | undefined
  env?: Record<string, string> | undefined
  args?: string[] | undefined
  restartPolicy?: RestartPolicy | undefined
  /** Secrets in the pod's namespace whose keys join its environment on its node. */
  secrets?: string[] | undefined
}

export interface PodOpsDeps {
  writes: WriteQueue
  state: ClusterState
  connections: NodeConnections
  rng: Rng
  /** New record ids (uuids). */
  newId: () => string
  /** How long a stopping pack may take to return before its node terminates it (ms). */
  stopGracePeriodMs?: number
  /** A priority class's value; throws a StarkError when there is no such class. */
  resolvePriorityClass?: (name: string) => number
  /**
   * Admission of a new pod (namespaces/namespace-ops.ts and secrets): throws 404/403 when the
   * namespace, its quota or the secrets refuse it; runs `write` when they admit it.
   */
  admit?: <T>(
    principal: Principal,
    pod: { namespace: string; resources: { cpu: number; memory: number }; secrets: string[]; envKeys: number },
    write: () => Promise<T>,
  ) => Promise<T>
  /**
   * The leader's scheduler, binding a new pod in the write that creates it when a node fits it
   * now (scheduling-loop.ts, placeAtCreate); undefined leaves the pod Pending for the loop.
   * `forget` releases the reservation of a placement whose write did not commit.
   */
  placement?: { place(tx: Tx, pod: PodRecord): Promise<PodRecord | undefined>; forget(podId: string): void }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function createPodOps(deps: PodOpsDeps) {
  const { writes, state, connections, rng } = deps
  const grace = deps.stopGracePeriodMs ?? 10_000
  const resolvePriorityClass =
    deps.resolvePriorityClass ??
    ((name: string) => {
      throw badRequest(`priority class ${name} does not exist`)
    })

  /** The pack `ref` names from namespace `home` for the principal (pack-resolve.ts). */
  const resolvePack = (principal: Principal, ref: PackRef, home: string, options?: ResolveOptions): PackRecord =>
    resolvePackRef(state.packs.values(), principal, ref, home, options)

  function generatedName(packName: string): string {
    const base =
      packName
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 56) || 'pod'
    for (let i = 0; i < 10; i++) {
      const name = `${base}-${nameSuffix(rng)}`
      if (!state.podByName('default', name)) return name
    }
    return `${base}-${nameSuffix(rng, 8)}`
  }

  return {
    resolvePack,

    async create(principal: Principal, input: CreatePodInput, correlationId?: string): Promise<PodRecord> {
      assertCanWrite(principal)
      const namespace = input.namespace ?? 'default'
      if (namespace === 'system' && principal.role !== 'admin')
        throw forbidden('only admins may run pods in the system namespace')
      const pack = resolvePack(principal, { namespace: input.packNamespace, name: input.pack, version: input.version }, namespace)
      const name = input.name ?? generatedName(pack.name)
      if (input.priorityClass !== undefined && input.priority !== undefined)
        throw badRequest('give priority or priorityClass, not both')
      const priority = input.priorityClass !== undefined ? resolvePriorityClass(input.priorityClass) : (input.priority ?? 0)
      assertMayUsePriority(principal, priority)
      const resources = {
        cpu: input.resources?.cpu ?? DEFAULT_POD_REQUEST.cpu,
        memory: input.resources?.memory ?? DEFAULT_POD_REQUEST.memory,
      }
      const admission = { namespace, resources, secrets: input.secrets ?? [], envKeys: Object.keys(input.env ?? {}).length }
      // Pods placed by attempts of this write (a failed batch is retried): released once it settles,
      // the committed one then counting as bound in the state.
      const placed: string[] = []
      const write = () =>
        writes.run(async (tx) => {
          if (state.podByName(namespace, name)) throw conflict(`pod ${name} already exists in namespace ${namespace}`)
          const now = tx.now
          const pod = newPendingPod(
            {
              id: deps.newId(),
              name,
              namespace,
              ownerId: principal.id,
              packId: pack.id,
              priority,
              labels: input.labels ?? {},
              spec: {
                resources,
                selector: input.selector ?? {},
                tolerations: input.tolerations ?? [],
                ...(input.affinity ? { affinity: input.affinity } : {}),
                ...(input.priorityClass !== undefined ? { priorityClass: input.priorityClass } : {}),
                env: input.env ?? {},
                args: input.args ?? [],
                restartPolicy: input.restartPolicy ?? 'Never',
                ...(input.secrets?.length ? { secrets: [...new Set(input.secrets)] } : {}),
              },
            },
            now,
          )
          tx.putPod(pod)
          tx.history({ podId: pod.id, incarnation: 0, status: 'Pending', reason: null, message: null, nodeId: null })
          tx.event({
            type: 'PodCreated',
            category: 'pod',
            resourceType: 'pod',
            resourceId: pod.id,
            resourceName: pod.name,
            namespace,
            ownerId: pod.ownerId,
            newState: 'Pending',
            reason: 'Created',
            message: `pod created from ${formatPackRef(pack, namespace)}`,
            correlationId: correlationId ?? null,
            actorId: principal.id,
          })
          const bound = await deps.placement?.place(tx, pod)
          if (bound) placed.push(pod.id)
          return bound ?? pod
        })
      try {
        return await (deps.admit ? deps.admit(principal, admission, write) : write())
      } finally {
        for (const id of placed) deps.placement?.forget(id)
      }
    },

    /** Finds a pod by id, or by name within a namespace, that the principal may see. */
    find(principal: Principal, ref: string, namespace = 'default'): PodRecord {
      const pod = (UUID.test(ref) ? state.pods.get(ref) : undefined) ?? state.podByName(namespace, ref)
      if (!pod || !canSeePod(principal, pod)) throw notFound(`pod ${ref}`)
      return pod
    },

    /**
     * Deletes a pod. A running pod is asked to stop (Stopping → Stopped when its node confirms)
     * and kept, marked deleted, until garbage collection; a finished pod is removed at once.
     */
    async delete(principal: Principal, ref: string, namespace?: string, correlationId?: string): Promise<PodRecord | null> {
      assertCanWrite(principal)
      const found = this.find(principal, ref, namespace)
      if (principal.role !== 'admin' && found.ownerId !== principal.id) throw forbidden(`you may not delete pod ${found.name}`)
      return writes.run((tx) => {
        const pod = tx.pod(found.id)
        if (!pod) throw notFound(`pod ${ref}`)
        const event = {
          category: 'pod' as const,
          resourceType: 'pod',
          resourceId: pod.id,
          resourceName: pod.name,
          namespace: pod.namespace,
          ownerId: pod.ownerId,
          correlationId: correlationId ?? null,
          actorId: principal.id,
        }
        if (isTerminal(pod.status)) {
          tx.deletePod(pod.id)
          tx.event({ ...event, type: 'PodDeleted', previousState: pod.status, reason: 'Deleted', message: 'pod deleted' })
          return null
        }
        const next = requestStop(pod, 'Deleted', tx.now, true)
        tx.putPod(next)
        tx.history({
          podId: next.id,
          incarnation: next.incarnation,
          status: next.status,
          reason: 'Deleted',
          message: null,
          nodeId: next.nodeId,
        })
        tx.event({
          ...event,
          type: 'PodStopping',
          previousState: pod.status,
          newState: next.status,
          reason: 'Deleted',
          message: 'pod deletion requested',
        })
        if (next.status === 'Stopping' && next.nodeId) {
          const nodeId = next.nodeId
          tx.after(() =>
            connections.send(nodeId, 'pod:stop', {
              podId: next.id,
              incarnation: next.incarnation,
              reason: 'Deleted',
              gracePeriodMs: grace,
            }),
          )
        }
        return next
      })
    },

    validateInput(input: CreatePodInput) {
      if (input.priority !== undefined && (input.priority < 0 || input.priority > 1000))
        throw badRequest('priority must be 0–1000')
    },
  }
}
export type PodOps = ReturnType<typeof createPodOps>
