/** Chooses the namespace the lists show (all the user may see, or one). */
import { h } from './dom'

export function namespaceFilter(
  namespaces: readonly string[],
  current: string | undefined,
  choose: (ns: string | undefined) => void,
) {
  const names = [...new Set([...namespaces, ...(current ? [current] : [])])].sort()
  return h(
    'label.ns-filter',
    'Namespace',
    h(
      'select#namespace-filter',
      { onchange: (e: Event) => choose((e.target as HTMLSelectElement).value || undefined) },
      h('option', { value: '', selected: !current }, 'all namespaces'),
      names.map((n) => h('option', { value: n, selected: n === current }, n)),
    ),
  )
}
