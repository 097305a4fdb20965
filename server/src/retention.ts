/**
 * How much history the server keeps: events (age and count, cluster-wide), audit events (their
 * own age and count, so ordinary events never push them out) and pod logs (age,
 * lines and bytes per pod, and a write rate per pod). Read from the environment at start; the
 * periodic sweep (pod-gc) enforces the bounds.
 */

import { readDuration } from './duration'

export interface RetentionConfig {
  /** Events older than this are deleted (ms). */
  eventsMaxAgeMs: number
  /** At most this many events are kept (the newest); audit events are not counted nor removed here. */
  eventsMaxCount: number
  /** Audit events older than this are deleted (ms). */
  auditMaxAgeMs: number
  /** At most this many audit events are kept (the newest). */
  auditMaxCount: number
  /** Pod log lines older than this are deleted (ms). */
  podLogsMaxAgeMs: number
  /** At most this many lines are kept per pod (the newest). */
  podLogsMaxLines: number
  /** At most this many bytes of log text are kept per pod (the newest lines that fit). */
  podLogsMaxBytes: number
  /** Lines a pod may write per second before lines are dropped (with a note in its log). */
  podLogsMaxLinesPerSecond: number
}

const DAY = 86_400_000
const MiB = 1024 * 1024

export const DEFAULT_RETENTION: RetentionConfig = {
  eventsMaxAgeMs: 7 * DAY,
  eventsMaxCount: 100_000,
  auditMaxAgeMs: 90 * DAY,
  auditMaxCount: 100_000,
  podLogsMaxAgeMs: 7 * DAY,
  podLogsMaxLines: 10_000,
  podLogsMaxBytes: 5 * MiB,
  podLogsMaxLinesPerSecond: 2000,
}

/** The environment variable behind each setting. */
export const RETENTION_ENV = {
  eventsMaxAgeMs: 'STARK_EVENTS_MAX_AGE',
  eventsMaxCount: 'STARK_EVENTS_MAX_COUNT',
  auditMaxAgeMs: 'STARK_AUDIT_MAX_AGE',
  auditMaxCount: 'STARK_AUDIT_MAX_COUNT',
  podLogsMaxAgeMs: 'STARK_POD_LOGS_MAX_AGE',
  podLogsMaxLines: 'STARK_POD_LOGS_MAX_LINES',
  podLogsMaxBytes: 'STARK_POD_LOGS_MAX_BYTES',
  podLogsMaxLinesPerSecond: 'STARK_POD_LOGS_MAX_RATE',
} as const satisfies Record<keyof RetentionConfig, string>

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 1024,
  mib: MiB,
  gib: 1024 * MiB,
}

/** A duration above zero (see readDuration); undefined otherwise. */
export function parseDuration(text: string): number | undefined {
  const ms = readDuration(text)
  return ms !== undefined && ms > 0 ? ms : undefined
}

/** `5MiB`, `10MB`, `512kb`, or plain bytes; undefined when it is none of those. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text)
  if (!m) return undefined
  const value = Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()]!
  return Number.isFinite(value) && value > 0 ? Math.round(value) : undefined
}

function parseCount(text: string): number | undefined {
  const n = Number(text.trim().replace(/_/g, ''))
  return Number.isInteger(n) && n > 0 ? n : undefined
}

const PARSERS: Record<keyof RetentionConfig, { parse: (t: string) => number | undefined; expect: string }> = {
  eventsMaxAgeMs: { parse: parseDuration, expect: 'a duration such as 7d, 12h or 30m' },
  eventsMaxCount: { parse: parseCount, expect: 'a whole number above 0' },
  auditMaxAgeMs: { parse: parseDuration, expect: 'a duration such as 90d, 12h or 30m' },
  auditMaxCount: { parse: parseCount, expect: 'a whole number above 0' },
  podLogsMaxAgeMs: { parse: parseDuration, expect: 'a duration such as 7d, 12h or 30m' },
  podLogsMaxLines: { parse: parseCount, expect: 'a whole number above 0' },
  podLogsMaxBytes: { parse: parseSize, expect: 'a size such as 5MiB, 10MB or 65536' },
  podLogsMaxLinesPerSecond: { parse: parseCount, expect: 'a whole number above 0' },
}

/** The retention settings from the environment; a value that does not parse is an error naming its variable. */
export function retentionFromEnv(env: Record<string, string | undefined>): RetentionConfig {
  const config = { ...DEFAULT_RETENTION }
  for (const key of Object.keys(PARSERS) as (keyof RetentionConfig)[]) {
    const name = RETENTION_ENV[key]
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    const value = PARSERS[key].parse(raw)
    if (value === undefined) throw new Error(`${name} must be ${PARSERS[key].expect} (got "${raw}")`)
    config[key] = value
  }
  return config
}
