/**
 * The agent's own resource trouble: when starting a pod fails for want of file descriptors,
 * processes or memory (EMFILE, ENFILE, EAGAIN, ENOMEM), the node reports a `ResourcePressure`
 * condition and the server sends it no new pods, rather than the node staying Ready while every
 * pod it takes fails. While the condition holds, `probe` (start a pod process) is tried every
 * `probeEveryMs`; a success — or any pod process starting — clears it.
 */
import { RESOURCE_PRESSURE, type Clock, type Logger, type NodeCondition, type Timer } from '@stark/shared'

/** Error codes that say "this machine is out of something", not "this pod is wrong". */
export const RESOURCE_ERRORS: ReadonlySet<string> = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'ENOMEM'])

export const resourceErrorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && RESOURCE_ERRORS.has(code) ? code : undefined
}

export interface ResourcePressureOptions {
  clock: Clock
  log: Logger
  /** Tries to start a pod process; true when it did. */
  probe: () => Promise<boolean>
  probeEveryMs?: number
}

export function createResourcePressure(options: ResourcePressureOptions) {
  const { clock, log } = options
  const every = options.probeEveryMs ?? 5000
  const listeners = new Set<() => void>()
  let condition: NodeCondition | undefined
  let timer: Timer | undefined
  let closed = false

  const notify = () => {
    for (const l of listeners) l()
  }

  function scheduleProbe() {
    if (timer || closed) return
    timer = clock.setTimeout(() => {
      void options.probe().then(
        (ok) => {
          timer = undefined
          if (ok) clear()
          else if (condition) scheduleProbe()
        },
        () => {
          timer = undefined
          if (condition) scheduleProbe()
        },
      )
    }, every)
  }

  function clear() {
    if (!condition) return
    log.info('the node can start pods again; resource pressure cleared', { reason: condition.reason })
    condition = undefined
    timer?.cancel()
    timer = undefined
    notify()
  }

  return {
    /**
     * Records a failure to start a pod or stage its files; returns whether it was a resource
     * error (and so a node condition rather than the pod's own fault).
     */
    failed(error: unknown, what: string): boolean {
      const code = resourceErrorCode(error)
      if (!code) return false
      const fresh = !condition || condition.reason !== code
      const message = `${what}: ${(error as Error).message ?? code}`.slice(0, 1024)
      condition = { type: RESOURCE_PRESSURE, reason: code, message, since: condition?.since ?? clock.now() }
      if (fresh) {
        log.error('the node is out of a resource and takes no new pods until it recovers', { reason: code, message })
        notify()
      }
      scheduleProbe()
      return true
    },
    /** A pod process started: whatever was short is there again. */
    ok: clear,
    conditions: (): NodeCondition[] => (condition ? [{ ...condition }] : []),
    onChange(listener: () => void) {
      listeners.add(listener)
    },
    close() {
      closed = true
      timer?.cancel()
    },
  }
}
export type ResourcePressure = ReturnType<typeof createResourcePressure>
