/** How users, namespaces and secrets look in a table and in their status blocks. */
import type { StarkClient } from '@stark/server/client'
import type { InferResponseType } from 'hono/client'
import { formatAge, formatTime, type Column, type Field } from '../lib/output'

type Api = StarkClient['api']
export type User = InferResponseType<Api['users'][':ref']['$get'], 200>
export type Namespace = InferResponseType<Api['namespaces'][':name']['$get'], 200>
export type Secret = InferResponseType<Api['secrets'][':name']['$get'], 200>

export const userColumns: Column<User>[] = [
  { header: 'EMAIL', value: (u) => u.email },
  { header: 'ROLE', value: (u) => u.role },
  { header: 'STATUS', value: (u) => (u.disabled ? 'disabled' : 'active'), tone: (u) => (u.disabled ? 'warn' : undefined) },
  { header: 'ID', value: (u) => u.id },
  { header: 'AGE', value: (u, now) => formatAge(u.createdAt, now) },
]

export const userFields = (u: User, now: number): Field[] => [
  { label: 'Email', value: u.email },
  { label: 'Role', value: u.role },
  { label: 'Status', value: u.disabled ? 'disabled' : 'active' },
  { label: 'ID', value: u.id },
  { label: 'Created', value: formatTime(u.createdAt, now) },
]

const limit = (used: number, max: number | undefined, unit = '') =>
  max === undefined ? `${used}${unit}` : `${used}${unit}/${max}${unit}`

export const namespaceColumns: Column<Namespace>[] = [
  { header: 'NAME', value: (n) => n.name },
  { header: 'OWNER', value: (n) => (n.ownerId === null ? 'shared' : n.ownerId.slice(0, 8)) },
  { header: 'PODS', value: (n) => limit(n.usage.pods, n.quota.pods) },
  { header: 'CPU', value: (n) => limit(n.usage.cpu, n.quota.cpu, 'm') },
  { header: 'MEMORY', value: (n) => limit(n.usage.memory, n.quota.memory, 'MB') },
  { header: 'AGE', value: (n, now) => formatAge(n.createdAt, now) },
]

export const secretColumns: Column<Secret>[] = [
  { header: 'NAME', value: (s) => s.name },
  { header: 'KEYS', value: (s) => s.keys.join(',') },
  { header: 'AGE', value: (s, now) => formatAge(s.createdAt, now) },
]
