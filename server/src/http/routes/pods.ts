import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import { isTerminal, parsePackRef, podStatuses, resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { canSeePod } from '../../auth/policy'
import { podView } from '../../pods/pod-view'
import { iso } from '../../store/convert'
import type { LogRecord, PodRecord } from '../../store/records'
import type { AppEnv } from '../env'
import { authenticate } from '../middleware/authenticate'
import { pageOf, pageQuery, paginate } from '../paginate'
import { CreatePodBody, errorResponses, jsonContent, LogLineSchema, namespaceQuery, PodHistorySchema, PodSchema, refParam } from '../schemas'
import { podsRepo } from '../../store/pods'
import { validationHook } from '../validation-hook'

const tags = ['pods']
const security = [{ Bearer: [] }]

const logView = (l: LogRecord & { id?: number }) => ({ id: l.id ?? 0, incarnation: l.incarnation, ts: iso(l.ts)!, stream: l.stream, line: l.line })

export function podsRoutes(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.use('*', authenticate(deps.auth))
  const view = (p: PodRecord) => podView(p, deps.state)

  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags,
        security,
        summary: 'Create a pod from a pack (returns at once, Pending; the scheduler places it)',
        request: { body: { content: { 'application/json': { schema: CreatePodBody } }, required: true } },
        responses: { 201: jsonContent(PodSchema, 'The new pod'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const ref = parsePackRef(body.pack)
        const pod = await deps.pods.create(
          c.get('principal'),
          { ...body, pack: ref.name, version: body.version ?? ref.version },
          c.get('requestId'),
        )
        return c.json(view(pod), 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags,
        security,
        summary: 'Pods you can see, by namespace and name',
        request: {
          query: pageQuery.extend({
            namespace: resourceName.optional().meta({ description: 'Only this namespace (default: all you can see).' }),
            status: z.enum(podStatuses).optional(),
            node: z.string().max(253).optional().openapi({ description: 'Only pods on this node (name or id).' }),
          }),
        },
        responses: { 200: jsonContent(pageOf(PodSchema), 'Pods'), 401: errorResponses[401] },
      }),
      (c) => {
        const q = c.req.valid('query')
        const p = c.get('principal')
        const nodeId = q.node ? (deps.state.nodeByName(q.node)?.id ?? q.node) : undefined
        const pods = [...deps.state.pods.values()].filter(
          (pod) =>
            canSeePod(p, pod) &&
            (!q.namespace || pod.namespace === q.namespace) &&
            (!q.status || pod.status === q.status) &&
            (!nodeId || pod.nodeId === nodeId),
        )
        const page = paginate(pods, (pod) => `${pod.namespace}/${pod.name}`, q)
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{ref}',
        tags,
        security,
        summary: 'One pod, by name (in a namespace) or id',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(PodSchema, 'The pod'), 404: errorResponses[404] },
      }),
      (c) => c.json(view(deps.pods.find(c.get('principal'), c.req.valid('param').ref, c.req.valid('query').namespace)), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{ref}',
        tags,
        security,
        summary: 'Delete a pod: a running pod stops (Stopping → Stopped); a finished one is removed',
        request: { params: refParam, query: namespaceQuery },
        responses: {
          200: jsonContent(z.object({ deleted: z.boolean(), pod: PodSchema.nullable() }), 'Deleted, or stopping'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const next = await deps.pods.delete(c.get('principal'), c.req.valid('param').ref, c.req.valid('query').namespace, c.get('requestId'))
        return c.json({ deleted: next === null, pod: next ? view(next) : null }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{ref}/history',
        tags,
        security,
        summary: 'Every status a pod went through, oldest first (each run has its incarnation)',
        request: { params: refParam, query: namespaceQuery },
        responses: { 200: jsonContent(z.object({ items: z.array(PodHistorySchema) }), 'Transitions'), 404: errorResponses[404] },
      }),
      async (c) => {
        const pod = deps.pods.find(c.get('principal'), c.req.valid('param').ref, c.req.valid('query').namespace)
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
      createRoute({
        method: 'get',
        path: '/{ref}/logs',
        tags,
        security,
        summary: 'A pod’s output; with follow=true, a live text/event-stream of lines',
        request: {
          params: refParam,
          query: namespaceQuery.extend({
            tail: z.coerce.number().int().min(1).max(10_000).optional(),
            since: z.string().datetime({ offset: true }).optional().openapi({ description: 'Only lines at or after this time (ISO 8601).' }),
            incarnation: z.coerce.number().int().min(0).optional(),
            follow: z.enum(['true', 'false']).optional(),
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
        const since = q.since ? Date.parse(q.since) : undefined
        const lines = await deps.logs.read({
          podId: pod.id,
          ...(q.tail !== undefined ? { tail: q.tail } : {}),
          ...(since !== undefined ? { since } : {}),
          ...(q.incarnation !== undefined ? { incarnation: q.incarnation } : {}),
        })
        if (q.follow !== 'true') return c.json({ items: lines.map(logView) }, 200)
        return streamSSE(c, async (stream) => {
          const queue: LogRecord[] = []
          let wake: (() => void) | undefined
          const off = deps.logs.follow(pod.id, (line) => {
            queue.push(line)
            wake?.()
          })
          stream.onAbort(() => wake?.())
          try {
            for (const l of lines) await stream.writeSSE({ event: 'log', data: JSON.stringify(logView(l)) })
            let lastId = lines.at(-1)?.id ?? 0
            for (;;) {
              while (queue.length) {
                const l = queue.shift()!
                await stream.writeSSE({ event: 'log', data: JSON.stringify(logView({ ...l, id: ++lastId })) })
              }
              const current = deps.state.pods.get(pod.id)
              if (stream.aborted || !current || (isTerminal(current.status) && current.spec.restartPolicy === 'Never')) break
              await new Promise<void>((resolve) => {
                wake = resolve
                setTimeout(resolve, 1000)
              })
              wake = undefined
            }
            const final = deps.state.pods.get(pod.id)
            await stream.writeSSE({ event: 'end', data: JSON.stringify({ status: final?.status ?? 'Deleted' }) })
          } finally {
            off()
          }
        }) as never
      },
    )
}
