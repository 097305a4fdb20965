/**
 * The frequent case of `node:heartbeat`, checked by hand: a payload of `pods` and/or `usage` whose
 * entries carry exactly the fields the schema reads, each within its bounds. It accepts only what
 * the zod schema accepts and yields the same value (the parsed objects, nothing to strip), without
 * zod's allocations; anything else, valid or not, returns undefined and goes through the schema
 * (which also words the error).
 */
import { reportedPodStatuses } from '../model/pod'
import type { Payload } from './messages'

const MAX_ENTRIES = 10_000
const statuses: ReadonlySet<unknown> = new Set(reportedPodStatuses)

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype
const isId = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 64
const isIncarnation = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const within = (v: unknown, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max

function keysAre(o: Record<string, unknown>, n: number): boolean {
  let count = 0
  for (const _ in o) count++
  return count === n
}

function isRun(v: unknown): boolean {
  return isPlainObject(v) && keysAre(v, 3) && isId(v.podId) && isIncarnation(v.incarnation) && statuses.has(v.status)
}

function isUsage(v: unknown): boolean {
  return (
    isPlainObject(v) &&
    keysAre(v, 4) &&
    isId(v.podId) &&
    isIncarnation(v.incarnation) &&
    within(v.cpu, 10_000_000) &&
    within(v.memory, 100_000_000)
  )
}

function allOf(v: unknown, check: (e: unknown) => boolean): boolean {
  if (!Array.isArray(v) || v.length > MAX_ENTRIES) return false
  for (let i = 0; i < v.length; i++) if (!check(v[i])) return false
  return true
}

/** The payload as the schema would yield it, when it is the plain case; otherwise undefined. */
export function plainHeartbeat(payload: unknown): Payload<'node:heartbeat'> | undefined {
  if (!isPlainObject(payload)) return undefined
  let fields = 0
  if (payload.pods !== undefined) {
    if (!allOf(payload.pods, isRun)) return undefined
    fields++
  } else if ('pods' in payload) fields++
  if (payload.usage !== undefined) {
    if (!allOf(payload.usage, isUsage)) return undefined
    fields++
  } else if ('usage' in payload) fields++
  if (!keysAre(payload, fields)) return undefined
  return payload as Payload<'node:heartbeat'>
}
