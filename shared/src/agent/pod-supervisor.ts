/**
 * The pods half of the agent core: starts runs on `pod:assign`, stops them on `pod:stop`, and
 * reports each run's status (its output first). It knows nothing of connections: it sends through
 * `send`, which fails quietly while disconnected, and `reportUnreported` catches up after a
 * re-registration.
 */
import type { Payload, PayloadInput, PodAssignment } from '../protocol/messages'
import type { Clock } from '../time/clock'
import { isLocalTerminal, podReport, podUsage, reportedStatus, type LocalPod } from './local-pod'
import type { AgentRuntime, PodExit } from './runtime'

export interface PodSupervisorDeps {
  runtime: Pick<AgentRuntime, 'loadBundle' | 'startPod'>
  clock: Pick<Clock, 'now'>
  /** Sends `pod:status`; returns false when it could not be sent (not connected). */
  sendStatus(payload: PayloadInput<'pod:status'>): boolean
  /** Where to fetch a bundle and with which token. */
  bundleSource(sha256: string): { url: string; token: string }
  nodeId(): string
  /** One line of a pod's output (the agent buffers and batches it). */
  onLog(pod: LocalPod, stream: 'stdout' | 'stderr', line: string): void
  /** Sends the buffered output of one run now (before its final status). */
  flushLogs(pod: LocalPod): void
  onChange(pod: LocalPod): void
  retainFinishedMs: number
}

export function createPodSupervisor(deps: PodSupervisorDeps) {
  const { runtime, clock } = deps
  const pods = new Map<string, LocalPod>()
  let shuttingDown = false

  function reportStatus(pod: LocalPod) {
    const a = pod.assignment
    const sent = deps.sendStatus({
      podId: a.podId,
      incarnation: a.incarnation,
      status: reportedStatus(pod),
      ...(pod.exit?.reason ? { reason: pod.exit.reason.slice(0, 256) } : {}),
      ...(pod.exit?.message ? { message: pod.exit.message.slice(0, 4096) } : {}),
      ...(pod.exit?.exitCode !== undefined ? { exitCode: pod.exit.exitCode } : {}),
    })
    if (sent && isLocalTerminal(pod.status)) pod.reportedAt = clock.now()
  }

  function finish(pod: LocalPod, exit: PodExit) {
    if (isLocalTerminal(pod.status)) return
    const final: PodExit = pod.stopRequested
      ? { ...exit, status: 'Stopped', reason: pod.stopReason ?? exit.reason ?? 'Stopped' }
      : exit
    pod.status = final.status
    pod.exit = final
    deps.onChange(pod)
    if (pods.get(pod.assignment.podId) !== pod) return // superseded by a newer incarnation
    deps.flushLogs(pod)
    reportStatus(pod)
  }

  async function assign(a: PodAssignment) {
    if (shuttingDown) {
      deps.sendStatus({ podId: a.podId, incarnation: a.incarnation, status: 'Stopped', reason: 'NodeShutdown' })
      return
    }
    const existing = pods.get(a.podId)
    if (existing) {
      if (existing.assignment.incarnation > a.incarnation) return
      if (existing.assignment.incarnation === a.incarnation) {
        if (isLocalTerminal(existing.status)) reportStatus(existing)
        return
      }
      // A newer incarnation replaces the old run (restart, rollback): end the old one quietly.
      existing.stopRequested = true
      existing.stopReason = 'Superseded'
      existing.run?.stop(0)
    }
    const pod: LocalPod = { assignment: a, status: 'Starting', stopRequested: false, startedAt: clock.now() }
    pods.set(a.podId, pod)
    deps.onChange(pod)
    const nodeId = deps.nodeId()
    let bundle: unknown
    try {
      const source = deps.bundleSource(a.pack.sha256)
      bundle = await runtime.loadBundle(a.pack.sha256, source.url, source.token)
    } catch (error) {
      return finish(pod, { status: 'Failed', reason: 'BundleUnavailable', message: errorMessage(error) })
    }
    if (pods.get(a.podId) !== pod) return
    if (pod.stopRequested) return finish(pod, { status: 'Stopped' })
    try {
      pod.run = runtime.startPod(a, nodeId, bundle, { log: (stream, line) => deps.onLog(pod, stream, line) })
    } catch (error) {
      return finish(pod, { status: 'Failed', reason: 'StartError', message: errorMessage(error) })
    }
    pod.status = 'Running'
    deps.onChange(pod)
    reportStatus(pod)
    void pod.run.done.then(
      (exit) => finish(pod, exit),
      (error: unknown) => finish(pod, { status: 'Failed', reason: 'RuntimeError', message: errorMessage(error) }),
    )
  }

  function stop(p: Payload<'pod:stop'>) {
    const pod = pods.get(p.podId)
    if (!pod || pod.assignment.incarnation < p.incarnation) {
      // Nothing of that run here (never started, or long gone): confirm it is stopped.
      deps.sendStatus({ podId: p.podId, incarnation: p.incarnation, status: 'Stopped', reason: 'NotRunning' })
      return
    }
    if (pod.assignment.incarnation > p.incarnation) return
    if (isLocalTerminal(pod.status)) return reportStatus(pod)
    requestStop(pod, p.reason, p.gracePeriodMs)
  }

  function requestStop(pod: LocalPod, reason: string, gracePeriodMs: number) {
    if (!pod.stopRequested) {
      pod.stopRequested = true
      pod.stopReason = reason
      if (pod.status === 'Running') pod.status = 'Stopping'
      deps.onChange(pod)
    }
    // A repeated stop may shorten the grace period; the first reason stands.
    pod.run?.stop(gracePeriodMs)
  }

  return {
    assign,
    stop,
    list: () => [...pods.values()],
    report: () => podReport(pods.values()),
    usage: () => podUsage(pods.values()),

    /** After (re)registering: the output and status of runs that ended while disconnected. */
    reportUnreported() {
      for (const pod of pods.values()) {
        if (!isLocalTerminal(pod.status) || pod.reportedAt !== undefined) continue
        deps.flushLogs(pod)
        reportStatus(pod)
      }
    },

    /** Forgets finished runs whose status reached the server long enough ago. */
    prune() {
      const now = clock.now()
      for (const [id, p] of pods) {
        if (isLocalTerminal(p.status) && p.reportedAt !== undefined && now - p.reportedAt > deps.retainFinishedMs) {
          pods.delete(id)
        }
      }
    },

    /** Refuses new runs from now on (they are reported Stopped: NodeShutdown); shutdown() stops the rest. */
    refuseNew() {
      shuttingDown = true
    },
    /** Stops every run (refusing new ones) and resolves once all have ended and been reported. */
    async shutdown(gracePeriodMs: number) {
      shuttingDown = true
      const running = [...pods.values()].filter((p) => !isLocalTerminal(p.status))
      for (const p of running) requestStop(p, 'NodeShutdown', gracePeriodMs)
      await Promise.all(running.map((p) => p.run?.done.catch(() => undefined)))
      for (const p of running) {
        finish(p, { status: 'Stopped', reason: 'NodeShutdown', message: 'the node agent is shutting down' })
      }
    },
  }
}

export type PodSupervisor = ReturnType<typeof createPodSupervisor>

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
