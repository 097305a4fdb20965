import { z } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import { watchStanding } from '../../ws/connection-standing'
import { podStatuses, resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { canSeePod, podScope } from '../../auth/policy'
import { podView } from '../../pods/pod-view'
import { followPodLogs, logLineView, runEndsOf } from '../../pods/log-follow'
import { badRequest, notFound } from '../../errors'
import { iso } from '../../store/convert'
import type { PodRecord } from '../../store/records'
import { authenticatedApp, created, found, jsonBody, ok, refInNamespace, routesOf, target, withPackRef } from '../route-kit'
import { labelFilter, labelSelectorQuery } from '../label-selector-query'
import { pageOf, pageQuery, paginate, paginateSorted, sortedBy } from '../paginate'
import {
  CreatePodBody,
  errorResponses,
  jsonContent,
  LogLineSchema,
  namespaceQuery,
  PodHistorySchema,
  PodSchema,
  refParam,
} from '../schemas'
import { podsRepo } from '../../store/pods'
import { listedOrWatched, watchableList, watchQuery } from '../watch/watch-query'
import { watchResponse } from '../watch/watch-stream'
import { withLocation } from '../location'

const route = routesOf('pods')

export type PodsRouteDeps = Pick<ServerDeps, 'auth' | 'pods' | 'state' | 'usage' | 'db' | 'logs' | 'bus' | 'clock' | 'watches'>

const key = (pod: PodRecord) => `${pod.namespace}/${pod.name}`

export function podsRoutes(deps: PodsRouteDeps) {
  const view = (p: PodRecord) => podView(p, deps.state, deps.usage.pod)

  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'post',
        path: '/',
        summary: 'Create a pod from a pack (returns at once, Pending; the scheduler places it)',
        request: jsonBody(CreatePodBody),
        responses: created(PodSchema, 'The new pod'),
      }),
      async (c) => {
        const pod = await deps.pods.create(c.get('principal'), withPackRef(c.req.valid('json')), c.get('requestId'))
        return c.json(withLocation(c, view(pod)), 201)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Pods you can see, by namespace and name',
        request: {
          query: pageQuery.extend({
            namespace: resourceName.optional().meta({ description: 'Only this namespace (default: all you can see).' }),
            status: z.enum(podStatuses).optional(),
            node: z.string().max(253).optional().openapi({ description: 'Only pods on this node (name or id).' }),
            labelSelector: labelSelectorQuery,
            ...watchQuery,
          }),
        },
        responses: listedOrWatched(watchableList(PodSchema), 'Pods'),
      }),
      (c) => {
        const q = c.req.valid('query')
        const p = c.get('principal')
        const selected = labelFilter(q.labelSelector)
        const nodeId = q.node ? (deps.state.nodeByName(q.node)?.id ?? q.node) : undefined
        const shows = (pod: PodRecord) =>
          canSeePod(p, pod) &&
          (!q.namespace || pod.namespace === q.namespace) &&
          (!q.status || pod.status === q.status) &&
          (!nodeId || pod.nodeId === nodeId) &&
          selected(pod.labels)
        // Walked where the caller's pods are (`shows` still decides each): one node's (few, sorted
        // for the page), or in namespace/name order from the state's index, a user's own or all.
        const scope = podScope(p)
        const onNode = nodeId ?? (typeof scope === 'object' && 'nodeId' in scope ? scope.nodeId : undefined)
        const order =
          typeof scope === 'object' && 'ownerId' in scope ? deps.state.sorted.podsOf(scope.ownerId) : deps.state.sorted.pods
        const prefix = q.namespace ? `${q.namespace}/` : undefined
        if (q.watch === 'true') {
          const existing = () =>
            onNode
              ? sortedBy(deps.state.podsOnNode(onNode).filter(shows), key)
              : [...order.after(undefined, prefix)].map((e) => e.item).filter(shows)
          return watchResponse(c, deps, q.resourceVersion, { kind: 'pods', shows, view, existing }) as never
        }
        const resourceVersion = String(deps.watches.log.revision)
        const page = onNode ? paginate(deps.state.podsOnNode(onNode), key, q, shows) : paginateSorted(order, q, shows, prefix)
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor, resourceVersion }, 200)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}',
        summary: 'One pod, by name (in a namespace) or id',
        request: refInNamespace,
        responses: found(PodSchema, 'The pod'),
      }),
      (c) => {
        const t = target(c)
        return c.json(view(deps.pods.find(t.principal, t.ref, t.namespace)), 200)
      },
    )
    .openapi(
      route({
        method: 'delete',
        path: '/{ref}',
        summary: 'Delete a pod: a running pod stops (Stopping → Stopped); a finished one is removed',
        request: refInNamespace,
        responses: ok(z.object({ deleted: z.boolean(), pod: PodSchema.nullable() }), 'Deleted, or stopping'),
      }),
      async (c) => {
        const t = target(c)
        const next = await deps.pods.delete(t.principal, t.ref, t.namespace, t.requestId)
        return c.json({ deleted: next === null, pod: next ? view(next) : null }, 200)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}/history',
        summary: 'Every status a pod went through, oldest first (each run has its incarnation)',
        request: refInNamespace,
        responses: { 200: jsonContent(z.object({ items: z.array(PodHistorySchema) }), 'Transitions'), 404: errorResponses[404] },
      }),
      async (c) => {
        const t = target(c)
        const pod = deps.pods.find(t.principal, t.ref, t.namespace)
        const entries = await podsRepo.history(deps.db, pod.id)
        return c.json(
          {
            items: entries.map((h) => ({
              incarnation: h.incarnation,
              status: h.status,
              reason: h.reason,
              message: h.message,
              nodeId: h.nodeId,
              nodeName: h.nodeId ? (deps.state.nodes.get(h.nodeId)?.name ?? null) : null,
              at: iso(h.at)!,
            })),
          },
          200,
        )
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}/logs',
        summary: 'A pod’s output; with follow=true, a live text/event-stream of lines',
        request: {
          params: refParam,
          query: namespaceQuery.extend({
            tail: z.coerce.number().int().min(1).max(10_000).optional(),
            since: z
              .string()
              .datetime({ offset: true })
              .optional()
              .openapi({ description: 'Only lines at or after this time (ISO 8601).' }),
            incarnation: z.coerce.number().int().min(0).optional(),
            previous: z
              .enum(['true', 'false'])
              .optional()
              .openapi({ description: '`true`: the run before the current one (incarnation − 1); 404 when there is none.' }),
            follow: z.enum(['true', 'false']).optional().openapi({
              description:
                '`true`: a text/event-stream — the stored lines, then new ones across restarts of the pod (`log`), a `status` event when its run or status changes, `end` when it has finished for good.',
            }),
          }),
        },
        responses: {
          200: {
            content: {
              'application/json': { schema: z.object({ items: z.array(LogLineSchema) }) },
              'text/event-stream': { schema: z.string() },
            },
            description: 'Log lines, oldest first',
          },
          404: errorResponses[404],
        },
      }),
      async (c) => {
        const q = c.req.valid('query')
        const principal = c.get('principal')
        const pod = deps.pods.find(principal, c.req.valid('param').ref, q.namespace)
        if (q.previous === 'true' && (q.follow === 'true' || q.incarnation !== undefined))
          throw badRequest('previous=true goes with neither follow nor incarnation')
        if (q.previous === 'true' && pod.incarnation < 2) throw notFound(`a previous run of pod ${pod.name}`)
        const since = q.since ? Date.parse(q.since) : undefined
        const incarnation = q.previous === 'true' ? pod.incarnation - 1 : q.incarnation
        const query = {
          ...(q.tail !== undefined ? { tail: q.tail } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(incarnation !== undefined ? { incarnation } : {}),
        }
        if (q.follow !== 'true')
          return c.json({ items: (await deps.logs.read({ podId: pod.id, ...query })).map(logLineView) }, 200)
        return streamSSE(c, async (stream) => {
          // Disabling the user or ending the session ends the stream too.
          const standing = watchStanding(
            deps,
            () => principal,
            undefined,
            () => void stream.abort(),
          )
          try {
            await followPodLogs(
              { ...deps, runEnds: async (id, from) => runEndsOf(await podsRepo.history(deps.db, id), from) },
              pod.id,
              query,
              {
                send: (event, data) => stream.writeSSE({ event, data: JSON.stringify(data) }),
                keepalive: () => stream.write(': keepalive\n\n').then(() => {}),
                get aborted() {
                  return stream.aborted
                },
                onAbort: (fn) => stream.onAbort(fn),
              },
            )
          } finally {
            standing.stop()
          }
        }) as never
      },
    )
}
