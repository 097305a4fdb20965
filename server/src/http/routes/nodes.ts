import { z } from '@hono/zod-openapi'
import { labelKey, labelsSchema, nodeStatuses, taintEffect, taintSchema } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { notFound } from '../../errors'
import { nodeView } from '../../nodes/node-view'
import { updateNode, type NodePatch } from '../../nodes/node-update'
import { drainProgress } from '../../nodes/node-lifecycle'
import type { NodeRecord } from '../../store/records'
import type { Principal } from '../../auth/principal'
import { labelFilter, labelSelectorQuery } from '../label-selector-query'
import { pageOf, pageQuery, paginateSorted } from '../paginate'
import { authenticatedApp, found, jsonBody, ok, routesOf } from '../route-kit'
import { NodeSchema, refParam } from '../schemas'
import { canSeeNode } from '../../auth/policy'
import { listedOrWatched, watchableList, watchQuery } from '../watch/watch-query'
import { watchResponse } from '../watch/watch-stream'

const route = routesOf('nodes')

export const UpdateNodeBody = z
  .strictObject({
    labels: labelsSchema.optional().meta({ description: 'Labels to set (added or overwritten).', example: { zone: 'a' } }),
    removeLabels: z.array(labelKey).max(64).optional().openapi({ description: 'Label keys to remove.' }),
    taints: z
      .array(taintSchema)
      .max(64)
      .optional()
      .openapi({ description: 'Taints to add; one with the same key and effect is replaced.' }),
    removeTaints: z
      .array(z.strictObject({ key: labelKey, effect: taintEffect.optional() }))
      .max(64)
      .optional()
      .openapi({ description: 'Taints to remove: by key and effect, or every effect of the key.' }),
    unschedulable: z.boolean().optional().openapi({ description: 'Cordoned: keeps its pods, takes no new ones.' }),
    trusted: z
      .boolean()
      .optional()
      .openapi({ description: 'Trusted for system packs and other users’ private packs (admins only).' }),
  })
  .openapi('UpdateNode')

/** Users see the nodes they own and shared ones (admins and viewers see all); a node sees itself. */
export { canSeeNode }

export function findNode(deps: Pick<ServerDeps, 'state'>, p: Principal, ref: string): NodeRecord {
  const node = deps.state.nodes.get(ref) ?? deps.state.nodeByName(ref)
  if (!node || !canSeeNode(p, node)) throw notFound(`node ${ref}`)
  return node
}

export type NodesRouteDeps = Pick<ServerDeps, 'auth' | 'state' | 'writes' | 'nodes' | 'lifecycle' | 'usage' | 'watches' | 'clock'>

export function nodesRoutes(deps: NodesRouteDeps) {
  const view = (n: NodeRecord) => nodeView(n, deps.state, deps.nodes.lastSeen(n.id), deps.usage.node(n.id))
  const patchNode = (ref: string, principal: Principal, patch: NodePatch, requestId: string) =>
    updateNode(deps.writes, principal, findNode(deps, principal, ref).id, patch, requestId)
  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Nodes, by name',
        request: {
          query: pageQuery.extend({
            status: z.enum(nodeStatuses).optional(),
            runtime: z.enum(['node', 'browser']).optional(),
            labelSelector: labelSelectorQuery,
            ...watchQuery,
          }),
        },
        responses: listedOrWatched(watchableList(NodeSchema), 'Nodes'),
      }),
      (c) => {
        const q = c.req.valid('query')
        const p = c.get('principal')
        const selected = labelFilter(q.labelSelector)
        const shows = (n: NodeRecord) =>
          canSeeNode(p, n) &&
          (!q.status || n.status === q.status) &&
          (!q.runtime || n.runtime === q.runtime) &&
          selected(n.labels)
        if (q.watch === 'true') {
          const existing = () => [...deps.state.sorted.nodes.after()].map((e) => e.item).filter(shows)
          return watchResponse(c, deps, q.resourceVersion, { kind: 'nodes', shows, view, existing }) as never
        }
        const resourceVersion = String(deps.watches.log.revision)
        const page = paginateSorted(deps.state.sorted.nodes, q, shows)
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor, resourceVersion }, 200)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}',
        summary: 'One node, by name or id',
        request: { params: refParam },
        responses: found(NodeSchema, 'The node'),
      }),
      (c) => c.json(view(findNode(deps, c.get('principal'), c.req.valid('param').ref)), 200),
    )
    .openapi(
      route({
        method: 'patch',
        path: '/{ref}',
        summary: 'Change a node: labels, taints, cordon (unschedulable), trusted (admins)',
        request: { params: refParam, ...jsonBody(UpdateNodeBody) },
        responses: ok(NodeSchema, 'The node as changed'),
      }),
      async (c) =>
        c.json(view(await patchNode(c.req.valid('param').ref, c.get('principal'), c.req.valid('json'), c.get('requestId'))), 200),
    )
    .openapi(
      route({
        method: 'post',
        path: '/{ref}/cordon',
        summary: 'Cordon a node: it keeps its pods and takes no new ones',
        request: { params: refParam },
        responses: ok(NodeSchema, 'The cordoned node'),
      }),
      async (c) =>
        c.json(
          view(await patchNode(c.req.valid('param').ref, c.get('principal'), { unschedulable: true }, c.get('requestId'))),
          200,
        ),
    )
    .openapi(
      route({
        method: 'post',
        path: '/{ref}/uncordon',
        summary: 'Uncordon a node: it takes new pods again',
        request: { params: refParam },
        responses: ok(NodeSchema, 'The uncordoned node'),
      }),
      async (c) =>
        c.json(
          view(await patchNode(c.req.valid('param').ref, c.get('principal'), { unschedulable: false }, c.get('requestId'))),
          200,
        ),
    )
    .openapi(
      route({
        method: 'delete',
        path: '/{ref}',
        summary: 'Delete a node (admins and its owner): its pods are replaced elsewhere; a Ready node only with force=true',
        description:
          'A node that is not Ready is removed at once: its running pods end (Failed, reason NodeDeleted) so their services and restart policies replace them. ' +
          'A Ready node is refused (409) unless `force=true`; its agent is then disconnected and stops. The node token no longer works: an agent started again joins as a new node.',
        request: {
          params: refParam,
          query: z.object({ force: z.enum(['true', 'false']).optional().openapi({ description: 'Delete even a Ready node.' }) }),
        },
        responses: ok(NodeDeletedSchema, 'The node is deleted'),
      }),
      async (c) => {
        const p = c.get('principal')
        const node = findNode(deps, p, c.req.valid('param').ref)
        const { podsEnded } = await deps.lifecycle.remove(p, node.id, c.req.valid('query').force === 'true', c.get('requestId'))
        return c.json({ deleted: true as const, name: node.name, id: node.id, podsEnded }, 200)
      },
    )
    .openapi(
      route({
        method: 'post',
        path: '/{ref}/drain',
        summary: 'Drain a node: cordon it and stop its pods gracefully (DaemonSet pods stay)',
        description:
          'Service pods are stopped and deleted, so their service places replacements elsewhere at once; bare pods are stopped (reason Drained). ' +
          'Poll GET /api/nodes/{ref}/drain until `done`. DaemonSet pods belong to the node and stay (as kubectl drain --ignore-daemonsets).',
        request: { params: refParam },
        responses: ok(DrainProgressSchema, 'Drain started; what is still on the node'),
      }),
      async (c) => {
        const p = c.get('principal')
        const node = findNode(deps, p, c.req.valid('param').ref)
        return c.json(await deps.lifecycle.drain(p, node.id, c.get('requestId')), 200)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}/drain',
        summary: 'How far a drain is: the pods still on the node',
        request: { params: refParam },
        responses: found(DrainProgressSchema, 'What is still on the node'),
      }),
      (c) => c.json(drainProgress(deps.state, findNode(deps, c.get('principal'), c.req.valid('param').ref)), 200),
    )
}

const NodeDeletedSchema = z
  .object({
    deleted: z.literal(true),
    id: z.string(),
    name: z.string(),
    podsEnded: z.number().int().openapi({ description: 'Runs that ended with the node (replaced elsewhere).' }),
  })
  .openapi('NodeDeleted')

const DrainProgressSchema = z
  .object({
    node: z.string(),
    done: z.boolean().openapi({ description: 'Every pod the drain stops has stopped.' }),
    remaining: z
      .array(z.object({ name: z.string(), namespace: z.string(), status: z.string() }))
      .openapi({ description: 'Pods the drain still waits for.' }),
    daemonSetPods: z.number().int().openapi({ description: 'DaemonSet pods on the node; they stay.' }),
  })
  .openapi('DrainProgress')
