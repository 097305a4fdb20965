/**
 * The flags every list shares, read one way: `--no-headers`, `-l/--selector` (label selector, in
 * Kubernetes' grammar, checked here before any request), and for namespaced objects kubectl's
 * namespace rule: the current namespace (`-n`, else config.json's, else "default"), or every
 * namespace with `-A/--all-namespaces` (the table then starts with a NAMESPACE column).
 */
import { parseSelector } from '@stark/shared'
import { defineArgs } from './args'
import { usageError } from './errors'

export const noHeadersArg = defineArgs({
  // citty reads `--no-headers` as headers=false; the arg is named for the help text.
  'no-headers': { type: 'boolean', description: 'Print the table without its header line' },
})

export const selectorArg = defineArgs({
  selector: {
    type: 'string',
    alias: 'l',
    valueHint: 'selector',
    description: 'Only objects whose labels match: k=v, k!=v, k, !k, "k in (a,b)", "k notin (a,b)"; comma means and',
  },
})

export const namespacedListArgs = defineArgs({
  namespace: {
    type: 'string',
    alias: 'n',
    valueHint: 'ns',
    description: 'List this namespace (default: config.json namespace, else "default"; -A for all)',
  },
  'all-namespaces': {
    type: 'boolean',
    alias: 'A',
    description: 'List every namespace you can see (adds a NAMESPACE column)',
  },
})

/** `labelSelector` for a REST list query, empty when no selector was given; a bad selector is a usage error. */
export function selectorQuery(selector: string | undefined): { labelSelector?: string } {
  if (selector === undefined || selector.trim() === '') return {}
  const parsed = parseSelector(selector)
  if (!parsed.ok) throw usageError(`-l/--selector: ${parsed.error.replace(/^selector: /, '')}`)
  return { labelSelector: selector }
}

export interface ListScope {
  /** The namespace to list; undefined with `-A` (every namespace). */
  namespace: string | undefined
  all: boolean
  /** What an empty list says: `no pods in namespace default`, `no pods` with -A. */
  empty(what: string): string
}

/** Which namespace a list covers: `-A` all of them, else `-n`, else the configured one, else "default". */
export function listScope(
  args: { namespace?: string | undefined; 'all-namespaces'?: boolean | undefined },
  current: string | undefined,
): ListScope {
  const all = args['all-namespaces'] === true
  if (all && args.namespace) throw usageError('give -n or -A (all namespaces), not both')
  const namespace = all ? undefined : current || 'default'
  return { namespace, all, empty: (what) => (namespace ? `no ${what} in namespace ${namespace}` : `no ${what}`) }
}
