import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import type { PodRecord } from '../store/records'
import { backoffDelay, lastExit, lostWithNode, nextCrashCount, restartWhere, RESTART_BACKOFF, wantsRestart } from './pod-restarts'

const pod = (patch: Partial<PodRecord> = {}, restartPolicy: PodRecord['spec']['restartPolicy'] = 'Always'): PodRecord => {
  const p = makePod().boundTo('id-n1', 'Failed').record()
  return { ...p, ...patch, spec: { ...p.spec, restartPolicy } }
}

describe('back-off', () => {
  it.each([
    [1, 0],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [10, 256_000],
    [11, 300_000],
    [50, 300_000],
  ])('after %i crash(es) in a row: %i ms', (n, ms) => expect(backoffDelay(n)).toBe(ms))

  it('a run of 10 minutes resets the count; a shorter one adds to it', () => {
    const t = Date.UTC(2026, 0, 1)
    expect(nextCrashCount(6, pod({ startedAt: t, finishedAt: t + RESTART_BACKOFF.resetAfterMs }))).toBe(1)
    expect(nextCrashCount(6, pod({ startedAt: t, finishedAt: t + RESTART_BACKOFF.resetAfterMs - 1 }))).toBe(7)
    expect(nextCrashCount(0, pod({ startedAt: null, finishedAt: t }))).toBe(1)
  })
})

describe('wantsRestart', () => {
  it.each([
    { policy: 'Always', status: 'Failed', deleted: false, want: true },
    { policy: 'Always', status: 'Succeeded', deleted: false, want: true },
    { policy: 'Always', status: 'Stopped', deleted: false, want: true },
    { policy: 'Always', status: 'Running', deleted: false, want: false },
    { policy: 'Always', status: 'Failed', deleted: true, want: false },
    { policy: 'OnFailure', status: 'Failed', deleted: false, want: true },
    { policy: 'OnFailure', status: 'Succeeded', deleted: false, want: false },
    { policy: 'Never', status: 'Failed', deleted: false, want: false },
  ] as const)('$policy, $status, deleted $deleted → $want', ({ policy, status, deleted, want }) => {
    expect(wantsRestart(pod({ status, deletedAt: deleted ? 1 : null }, policy))).toBe(want)
  })
})

describe('restartWhere', () => {
  const node = makeNode('n1').maxPods(2).record()
  it.each([
    { name: 'its node is Ready and has room', node, others: 0, pinned: false, want: 'here' },
    { name: 'its node is gone', node: undefined, others: 0, pinned: false, want: 'requeue' },
    { name: 'its node is NotReady', node: { ...node, status: 'NotReady' as const }, others: 0, pinned: false, want: 'requeue' },
    {
      name: 'a DaemonSet pod waits for its node',
      node: { ...node, status: 'NotReady' as const },
      others: 0,
      pinned: true,
      want: 'wait-for-node',
    },
    { name: 'its node filled up meanwhile', node, others: 2, pinned: false, want: 'requeue' },
    {
      name: 'a NoExecute taint it does not tolerate',
      node: { ...node, taints: [{ key: 'maint', effect: 'NoExecute' as const }] },
      others: 0,
      pinned: false,
      want: 'requeue',
    },
    { name: 'cordoned nodes keep their pods', node: { ...node, unschedulable: true }, others: 0, pinned: false, want: 'here' },
  ])('$name → $want', ({ node: n, others, pinned, want }) => {
    const p = pod()
    const on = Array.from({ length: others }, () => makePod().boundTo('id-n1', 'Running').record())
    expect(restartWhere(p, n, on, pinned, makePod().build().pack)).toBe(want)
  })
})

describe('lastExit', () => {
  it('says what ended the run', () => {
    expect(lastExit(pod({ reason: 'Error', message: 'boom', exitCode: 1 }))).toBe('Error: boom (exit code 1)')
    expect(lastExit(pod({ status: 'Succeeded', reason: null, message: null, exitCode: null }))).toBe('Succeeded')
    // Once the back-off message replaced the reason, the exit is read back from it.
    expect(
      lastExit(
        pod({
          reason: 'CrashLoopBackOff',
          message: 'back-off 2s restarting failed pod (restart 2); last exit: Error: boom (exit code 1)',
          exitCode: 1,
        }),
      ),
    ).toBe('Error: boom (exit code 1)')
  })
})

describe('lostWithNode', () => {
  it('tells a run lost with its node from a crash of its own, also once back-off is marked', () => {
    expect(lostWithNode(pod({ reason: 'NodeLost', message: 'node n1 is Offline' }))).toBe(true)
    expect(
      lostWithNode(
        pod({
          reason: 'CrashLoopBackOff',
          message: 'back-off 1s restarting failed pod (restart 1); last exit: NodeLost: node n1 is Offline',
        }),
      ),
    ).toBe(true)
    expect(lostWithNode(pod({ reason: 'Error', message: 'boom', exitCode: 1 }))).toBe(false)
    expect(
      lostWithNode(
        pod({
          reason: 'CrashLoopBackOff',
          message: 'back-off 2s restarting failed pod (restart 2); last exit: Error: boom (exit code 1)',
        }),
      ),
    ).toBe(false)
    expect(lostWithNode(pod({ status: 'Stopped', reason: 'NodeLost' }))).toBe(false)
  })
})
