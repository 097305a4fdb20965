/**
 * The list command of a namespaced, labelled kind (pods, services), said once: the current
 * namespace or every one with `-A`, `-l` selectors, `--no-headers`, and `-w` to follow changes.
 */
import type { Api } from './client'
import { call, listAll } from './client'
import type { CommandSettings } from './command'
import { listScope, selectorQuery } from './list-flags'
import { type Column, type ListShape, listOutput, type Output } from './output'
import { type Page, type WatchableList, watchListCommand } from './watch'

export interface NamespacedListArgs {
  namespace?: string | undefined
  'all-namespaces'?: boolean | undefined
  selector?: string | undefined
  headers?: boolean | undefined
  watch?: boolean | undefined
}

export interface NamespacedListKind<T> {
  /** Plural, for "no pods in namespace default". */
  plural: string
  /** The list route of the typed client. */
  route(api: Api): WatchableList<T>
  columns: Column<T>[]
  /** How `-o name` / `-o wide` show an item (with a NAMESPACE column under -A). */
  shape(allNamespaces: boolean): ListShape<T>
}

export async function runNamespacedList<T>(
  opened: Api & CommandSettings,
  args: NamespacedListArgs,
  kind: NamespacedListKind<T>,
): Promise<Output> {
  const scope = listScope(args, opened.namespace)
  const query = { ...selectorQuery(args.selector), ...(scope.namespace ? { namespace: scope.namespace } : {}) }
  const route = kind.route(opened)
  const empty = scope.empty(kind.plural)
  const shape = kind.shape(scope.all)
  if (args.watch) return watchListCommand(opened, route, query, kind.columns, empty, shape, args.headers !== false)
  const items = await listAll(
    async (cursor) => (await call(route.$get({ query: { limit: 1000, cursor, ...query } }))) as unknown as Page<T>,
  )
  return listOutput(items, kind.columns, empty, shape)
}
