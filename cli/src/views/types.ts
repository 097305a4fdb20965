/** REST shapes, inferred from the server's routes through the typed client. */
import type { StarkClient } from '@stark/server/client'
import type { InferResponseType } from 'hono/client'

type Api = StarkClient['api']

export type Pod = InferResponseType<Api['pods'][':ref']['$get'], 200>
export type Node = InferResponseType<Api['nodes'][':ref']['$get'], 200>
export type Pack = InferResponseType<Api['packs']['$post'], 201>
export type LogLine =
  InferResponseType<Api['pods'][':ref']['logs']['$get'], 200> extends infer R
    ? R extends { items: (infer L)[] }
      ? L
      : never
    : never
export type WhoAmI = InferResponseType<Api['auth']['whoami']['$get'], 200>
export type PodTransition = InferResponseType<Api['pods'][':ref']['history']['$get'], 200>['items'][number]
export type StarkEvent = Extract<InferResponseType<Api['events']['$get'], 200>, { items: unknown }>['items'][number]
export type ClusterStatus = InferResponseType<Api['status']['$get'], 200>
