/** How priority classes look in a table. */
import type { StarkClient } from '@stark/server/client'
import type { InferResponseType } from 'hono/client'
import { formatAge, type Column } from '../lib/output'

export type PriorityClass = InferResponseType<StarkClient['api']['priorityclasses'][':name']['$get'], 200>

export const priorityClassColumns: Column<PriorityClass>[] = [
  { header: 'NAME', value: (p) => p.name },
  { header: 'VALUE', value: (p) => String(p.value) },
  { header: 'AGE', value: (p, now) => formatAge(p.createdAt, now) },
  { header: 'DESCRIPTION', value: (p) => p.description ?? '' },
]
