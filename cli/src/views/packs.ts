/** How packs look in a table and after `pack register`. */
import { formatPackRef } from '@stark/shared'
import { formatAge, formatBytes, formatTime, type Column, type Field, type ListShape } from '../lib/output'
import type { Pack } from './types'

export const packColumns: Column<Pack>[] = [
  { header: 'NAME', value: (p) => p.name },
  { header: 'VERSION', value: (p) => p.version },
  { header: 'RUNTIME', value: (p) => p.runtime },
  { header: 'VISIBILITY', value: (p) => p.visibility },
  { header: 'SIZE', value: (p) => formatBytes(p.size) },
  { header: 'SHA256', value: (p) => p.sha256.slice(0, 12) },
  { header: 'AGE', value: (p, now) => formatAge(p.createdAt, now) },
]

/**
 * `-o name` gives `pack/name@version` (`pack/ns/name@version` for every namespace, as a pod or
 * service would name it from elsewhere); under -A a NAMESPACE column comes first.
 */
export const packList = (namespace: string | undefined): ListShape<Pack> => ({
  kind: 'pack',
  name: (p) => formatPackRef(p, namespace),
  wide: [{ header: 'DESCRIPTION', value: (p) => p.description ?? '' }],
  namespace: namespace === undefined ? (p) => p.namespace : undefined,
})

export function packFields(p: Pack, now: number): Field[] {
  return [
    { label: 'Name', value: p.name },
    { label: 'Version', value: p.version },
    { label: 'ID', value: p.id },
    { label: 'Runtime', value: p.runtime },
    { label: 'Visibility', value: p.visibility },
    { label: 'Namespace', value: p.namespace },
    { label: 'Size', value: `${formatBytes(p.size)} (${p.size} bytes)` },
    { label: 'SHA256', value: p.sha256 },
    { label: 'Description', value: p.description ?? '-' },
    { label: 'Created', value: formatTime(p.createdAt, now) },
  ]
}
