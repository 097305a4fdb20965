import { z } from '@hono/zod-openapi'
import { parsePackRef, resourceName } from '@stark/shared'
import type { ServerDeps } from '../../deps'
import { conflict, notFound } from '../../errors'
import { numberRevisions } from '../../services/rollout-history'
import { sameVersion } from '../../services/service-template'
import { iso } from '../../store/convert'
import type { EventRecord } from '../../store/records'
import type { ServiceRecord } from '../../store/services'
import {
  authenticatedApp,
  created,
  found,
  jsonBody,
  ok,
  refInNamespace,
  routesOf,
  type Target,
  target,
  type TargetContext,
  withPackRef,
} from '../route-kit'
import { labelFilter, labelSelectorQuery } from '../label-selector-query'
import { pageOf, pageQuery, paginate, sortedBy } from '../paginate'
import { canAccessOwned } from '../../auth/policy'
import { listedOrWatched, watchableList, watchQuery } from '../watch/watch-query'
import { watchResponse } from '../watch/watch-stream'
import {
  CreateServiceBody,
  DeletingServiceSchema,
  ScaleServiceBody,
  ServiceDetailSchema,
  ServiceHistorySchema,
  ServiceSchema,
  UpdateServiceBody,
} from '../service-schemas'
import { withLocation } from '../location'

const route = routesOf('services')
const RevisionQuery = z.coerce
  .number()
  .int()
  .min(1)
  .optional()
  .openapi({ description: 'The revision to go back to (stark service rollout history).' })

const eventView = (e: EventRecord) => ({
  id: e.id,
  type: e.type,
  severity: e.severity,
  resourceType: e.resourceType,
  resourceName: e.resourceName,
  reason: e.reason,
  message: e.message,
  createdAt: iso(e.createdAt)!,
})

export type ServicesRouteDeps = Pick<ServerDeps, 'auth' | 'services' | 'state' | 'watches' | 'clock'>

/** `/api/services`: services are desired state; the service controller converges pods to them. */
export function servicesRoutes(deps: ServicesRouteDeps) {
  const { services } = deps
  const view = (s: ServiceRecord) => services.view(s)
  /** The revision `n` of a service's history: 404 when there is no such revision, 409 when its pack is gone or it is current. */
  const revision = async (t: Target, n: number) => {
    const { service, revisions } = await services.ops.history(t.principal, t.ref, t.namespace)
    const r = numberRevisions(service, revisions).find((x) => x.revision === n)
    if (!r) throw notFound(`revision ${n} of service ${service.name} (see its rollout history)`)
    if (!deps.state.packs.has(r.packId)) throw conflict(`revision ${n} of service ${service.name}: its pack version was deleted`)
    if (sameVersion(r, service)) throw conflict(`service ${service.name} already runs revision ${n}'s version and template`)
    return r
  }
  /** Runs a command on the service the request names; answers with the service's view. */
  const act = async (c: TargetContext, run: (t: Target) => Promise<ServiceRecord>) => view(await run(target(c)))

  return authenticatedApp(deps.auth)
    .openapi(
      route({
        method: 'post',
        path: '/',
        summary: 'Create a service: N pods of a pack (or one per matching node with replicas 0 / daemonset), kept running',
        request: jsonBody(CreateServiceBody),
        responses: created(ServiceSchema, 'The new service'),
      }),
      async (c) => {
        const s = await services.ops.create(c.get('principal'), withPackRef(c.req.valid('json')), c.get('requestId'))
        return c.json(withLocation(c, view(s)), 201)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/',
        summary: 'Services you can see, with their pod counts',
        request: {
          query: pageQuery.extend({
            namespace: resourceName.optional().meta({ description: 'Only this namespace (default: all you can see).' }),
            labelSelector: labelSelectorQuery,
            ...watchQuery,
          }),
        },
        responses: listedOrWatched(watchableList(ServiceSchema), 'Services'),
      }),
      (c) => {
        const q = c.req.valid('query')
        const p = c.get('principal')
        const selected = labelFilter(q.labelSelector)
        const shows = (s: ServiceRecord) =>
          canAccessOwned(p, s.ownerId, 'read') && (!q.namespace || s.namespace === q.namespace) && selected(s.labels)
        const key = (s: ServiceRecord) => `${s.namespace}/${s.name}`
        if (q.watch === 'true') {
          const existing = () => sortedBy(services.store.all().filter(shows), key)
          return watchResponse(c, deps, q.resourceVersion, { kind: 'services', shows, view, existing }) as never
        }
        const resourceVersion = String(deps.watches.log.revision)
        const page = paginate(services.store.all().filter(shows), key, q)
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor, resourceVersion }, 200)
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}',
        summary: 'One service in detail: counts, condition, rollout, its pods with their nodes, recent events',
        request: refInNamespace,
        responses: found(ServiceDetailSchema, 'The service'),
      }),
      async (c) => {
        const t = target(c)
        const s = services.ops.find(t.principal, t.ref, t.namespace)
        const events = await services.events(s)
        return c.json({ ...services.detail(s), events: events.map(eventView) }, 200)
      },
    )
    .openapi(
      route({
        method: 'post',
        path: '/{ref}/scale',
        summary: 'Set the number of replicas (extra pods go least ready first, then the newest)',
        request: { ...refInNamespace, ...jsonBody(ScaleServiceBody) },
        responses: ok(ServiceSchema, 'The service'),
      }),
      async (c) => {
        const replicas = c.req.valid('json').replicas
        return c.json(await act(c, (t) => services.ops.scale(t.principal, t.ref, t.namespace, replicas, t.requestId)), 200)
      },
    )
    .openapi(
      route({
        method: 'patch',
        path: '/{ref}',
        summary:
          'Update a service: a new pack version or pod template (env, args, resources, placement, priority) starts a rolling update; labels, strategy and follow-latest change in place',
        request: { ...refInNamespace, ...jsonBody(UpdateServiceBody) },
        responses: ok(ServiceSchema, 'The service'),
      }),
      async (c) => {
        const input = c.req.valid('json')
        const ref = input.pack !== undefined ? parsePackRef(input.pack) : undefined
        const change = { ...input, pack: ref?.name, packNamespace: ref?.namespace, version: input.version ?? ref?.version }
        return c.json(await act(c, (t) => services.ops.update(t.principal, t.ref, t.namespace, change, t.requestId)), 200)
      },
    )
    .openapi(
      route({
        method: 'post',
        path: '/{ref}/pause',
        summary: 'Pause: pods keep running; no scaling, replacing or rollouts until resumed',
        request: refInNamespace,
        responses: ok(ServiceSchema, 'The service'),
      }),
      async (c) => c.json(await act(c, (t) => services.ops.setPaused(t.principal, t.ref, t.namespace, true, t.requestId)), 200),
    )
    .openapi(
      route({
        method: 'post',
        path: '/{ref}/rollback',
        summary:
          'Roll back to the previous version: the one a rollout in progress started from, or the latest earlier one (409 when there is none); `toRevision` goes back to that revision of the history instead',
        request: { params: refInNamespace.params, query: refInNamespace.query.extend({ toRevision: RevisionQuery }) },
        responses: ok(ServiceSchema, 'The service, rolling back'),
      }),
      async (c) => {
        const toRevision = c.req.valid('query').toRevision
        return c.json(
          await act(c, async (t) => {
            const to = toRevision === undefined ? undefined : await revision(t, toRevision)
            return services.ops.rollback(t.principal, t.ref, t.namespace, t.requestId, to)
          }),
          200,
        )
      },
    )
    .openapi(
      route({
        method: 'get',
        path: '/{ref}/history',
        summary: 'The versions the service was set to, newest first, with when and why',
        request: refInNamespace,
        responses: ok(ServiceHistorySchema, 'The revisions'),
      }),
      async (c) => {
        const t = target(c)
        const { service, revisions } = await services.ops.history(t.principal, t.ref, t.namespace)
        const pack = (id: string) => deps.state.packs.get(id)
        const items = numberRevisions(service, revisions).map((r) => ({
          revision: r.revision,
          pack: {
            id: r.packId,
            namespace: pack(r.packId)?.namespace ?? null,
            name: pack(r.packId)?.name ?? null,
            version: pack(r.packId)?.version ?? null,
          },
          template: r.template,
          templateHash: r.templateHash,
          reason: r.reason,
          outcome: r.outcome,
          at: iso(r.at)!,
          current: r.current,
        }))
        return c.json({ service: service.name, namespace: service.namespace, items }, 200)
      },
    )
    .openapi(
      route({
        method: 'post',
        path: '/{ref}/resume',
        summary: 'Resume reconciling a paused service',
        request: refInNamespace,
        responses: ok(ServiceSchema, 'The service'),
      }),
      async (c) => c.json(await act(c, (t) => services.ops.setPaused(t.principal, t.ref, t.namespace, false, t.requestId)), 200),
    )
    .openapi(
      route({
        method: 'delete',
        path: '/{ref}',
        summary: 'Delete a service: its pods stop everywhere; the service is gone once they have',
        request: refInNamespace,
        responses: ok(DeletingServiceSchema, 'The service, deleting, and how many of its pods are still stopping'),
      }),
      async (c) => {
        const deleting = await act(c, (t) => services.ops.delete(t.principal, t.ref, t.namespace, t.requestId))
        // Its counts leave out the pods being deleted, which all of them now are.
        const stopping = services.store.pods(deleting.id).filter((p) => p.status === 'Stopping').length
        return c.json({ ...deleting, stopping }, 200)
      },
    )
}
