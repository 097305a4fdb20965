/**
 * The IPC channel from a pod process to the agent. The child is the pack: a message is believed
 * only as far as it is well-formed (texts are cut, numbers must be finite), and the channel carries
 * data only — a handle (socket, server, descriptor) sent along is closed at once.
 */
import type { PodExit } from '@stark/shared'

export type FromChild =
  | { type: 'result'; status: 'Succeeded' | 'Failed'; message?: string }
  | { type: 'crash'; message: string }
  | { type: 'usage'; heapUsed: number; cpuMicros: number }

/** Longest text taken from a child's message. */
const MAX_TEXT = 4096

/** The message as the agent may believe it, or null when it is not one the child may send. */
export function checkMessage(m: unknown): FromChild | null {
  if (typeof m !== 'object' || m === null) return null
  const r = m as Record<string, unknown>
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined)
  if (r.type === 'result' && (r.status === 'Succeeded' || r.status === 'Failed')) {
    const message = text(r.message)
    return { type: 'result', status: r.status, ...(message !== undefined ? { message } : {}) }
  }
  if (r.type === 'crash') return { type: 'crash', message: text(r.message) ?? '' }
  if (r.type === 'usage' && typeof r.heapUsed === 'number' && Number.isFinite(r.heapUsed)) {
    const cpu = r.cpu as { user?: unknown; system?: unknown } | undefined
    const cpuMicros = Number(cpu?.user ?? 0) + Number(cpu?.system ?? 0)
    return { type: 'usage', heapUsed: Math.max(0, r.heapUsed), cpuMicros: Number.isFinite(cpuMicros) ? cpuMicros : 0 }
  }
  return null
}

/** How a pod ends that passed a handle to the agent. */
export const handlePassedExit: PodExit = {
  status: 'Failed',
  reason: 'HandlePassed',
  message: 'the pack passed a handle (a socket or file descriptor) to the node agent; the channel to the agent carries data only',
}

/** Closes whatever Node made of a passed handle: a socket, a server, a UDP socket or a raw handle. */
export function closeHandle(handle: unknown) {
  const h = handle as { destroy?: () => void; close?: () => void }
  try {
    if (typeof h.destroy === 'function') h.destroy()
    else if (typeof h.close === 'function') h.close()
  } catch {
    /* already closed */
  }
}
