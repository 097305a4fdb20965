import { describe, expect, it } from 'vitest'
import type { LogRecord, PodRecord } from '../store/records'
import { createClusterState } from '../state/cluster-state'
import { makeNode, makePod } from '../scheduler/testing/fixtures'
import type { LogQuery } from '../store/pod-logs'
import { followPodLogs, mayRunAgain, runEndsOf, type LogSink, type RunEnd } from './log-follow'
import type { LogFollower } from './log-store'

const OPTIONS = { keepaliveMs: 20, settleMs: 30, maxPending: 100 }

/** The log store's read/follow over an array: `push` is what an agent's batch does. */
function fakeLogs(stored: (LogRecord & { id: number })[] = []) {
  const followers = new Set<LogFollower>()
  let onRead: (() => void) | undefined
  return {
    stored,
    followers,
    duringRead(fn: () => void) {
      onRead = fn
    },
    push(line: LogRecord) {
      stored.push({ ...line, id: stored.length + 1 })
      for (const f of followers) f(line)
    },
    async read(q: LogQuery) {
      const answer = stored.filter((l) => l.podId === q.podId && (q.incarnation === undefined || l.incarnation === q.incarnation))
      onRead?.()
      return q.tail ? answer.slice(-q.tail) : answer
    },
    follow(_podId: string, fn: LogFollower) {
      followers.add(fn)
      return () => followers.delete(fn)
    },
  }
}

function sink() {
  const sent: { event: string; data: any }[] = []
  let aborted = false
  let abort: (() => void) | undefined
  const waiters: { pred: () => boolean; resolve: () => void }[] = []
  const s: LogSink & { sent: typeof sent; abort(): void; until(pred: () => boolean): Promise<void> } = {
    sent,
    async send(event, data) {
      sent.push({ event, data })
      for (const w of [...waiters]) if (w.pred()) waiters.splice(waiters.indexOf(w), 1), w.resolve()
    },
    async keepalive() {},
    get aborted() {
      return aborted
    },
    onAbort: (fn) => void (abort = fn),
    abort() {
      aborted = true
      abort?.()
    },
    until: (pred) => (pred() ? Promise.resolve() : new Promise((resolve) => waiters.push({ pred, resolve }))),
  }
  return s
}

const line = (pod: PodRecord, incarnation: number, text: string): LogRecord => ({
  podId: pod.id,
  incarnation,
  ts: Date.UTC(2026, 10, 27),
  stream: 'stdout',
  line: text,
})
const lines = (s: ReturnType<typeof sink>) =>
  s.sent.filter((e) => e.event === 'log').map((e) => `${e.data.incarnation}:${e.data.line}`)
const statuses = (s: ReturnType<typeof sink>) =>
  s.sent.filter((e) => e.event === 'status').map((e) => `${e.data.incarnation}:${e.data.status}`)

describe('following a pod’s logs', () => {
  it('streams across a restart (new incarnation, same pod) with status markers, and ends when the pod is deleted', async () => {
    const node = makeNode('f1').record()
    const pod: PodRecord = {
      ...makePod('web').boundTo(node.id).record(),
      incarnation: 1,
      spec: { ...makePod('x').record().spec, restartPolicy: 'Always' },
    }
    const state = createClusterState({ nodes: [node], pods: [pod] })
    const logs = fakeLogs([{ ...line(pod, 1, 'started'), id: 1 }])
    const s = sink()
    const done = followPodLogs({ logs, state }, pod.id, {}, s, OPTIONS)
    await s.until(() => statuses(s).length === 1)
    logs.push(line(pod, 1, 'about to crash'))
    state.apply({ pods: [{ ...pod, status: 'Failed', reason: 'Error', message: 'boom' }] })
    state.apply({ pods: [{ ...pod, status: 'Scheduled', incarnation: 2, restarts: 1 }] })
    state.apply({ pods: [{ ...pod, status: 'Running', incarnation: 2, restarts: 1 }] })
    logs.push(line(pod, 2, 'started again'))
    await s.until(() => lines(s).length === 3)
    state.apply({ pods: [{ ...pod, status: 'Stopped', incarnation: 2, restarts: 1, deletedAt: 1 }] })
    await done
    expect(lines(s)).toEqual(['1:started', '1:about to crash', '2:started again'])
    expect(statuses(s)).toEqual(['1:Running', '1:Failed', '2:Scheduled', '2:Running', '2:Stopped'])
    expect(s.sent.at(-1)).toEqual({ event: 'end', data: { status: 'Stopped', incarnation: 2 } })
    expect(s.sent.find((e) => e.event === 'status' && e.data.status === 'Failed')!.data).toMatchObject({
      reason: 'Error',
      message: 'boom',
      nodeName: 'f1',
      restarts: 0,
    })
    expect(logs.followers.size).toBe(0)
  })

  it('a run that ended and restarted within one commit still gets its end marker, from the history', async () => {
    const node = makeNode('f2').record()
    const pod: PodRecord = {
      ...makePod('quick').boundTo(node.id).record(),
      incarnation: 1,
      spec: { ...makePod('z').record().spec, restartPolicy: 'Always' },
    }
    const state = createClusterState({ nodes: [node], pods: [pod] })
    const history: RunEnd[] = [
      { incarnation: 1, status: 'Running', reason: null, message: null, nodeId: node.id, at: 1 },
      { incarnation: 1, status: 'Failed', reason: 'Error', message: 'boom', nodeId: node.id, at: 2 },
      { incarnation: 2, status: 'Scheduled', reason: 'Restarted', message: null, nodeId: node.id, at: 2 },
    ]
    const asked: number[] = []
    const runEnds = async (_id: string, from: number) => (asked.push(from), runEndsOf(history, from))
    const s = sink()
    const done = followPodLogs({ logs: fakeLogs(), state, runEnds }, pod.id, {}, s, OPTIONS)
    await s.until(() => statuses(s).length === 1)
    // The crash and the immediate restart were committed together: the state only ever shows run 2.
    state.apply({ pods: [{ ...pod, status: 'Scheduled', incarnation: 2, restarts: 1 }] })
    await s.until(() => statuses(s).length === 3)
    s.abort()
    await done
    expect(asked).toEqual([1])
    expect(statuses(s)).toEqual(['1:Running', '1:Failed', '2:Scheduled'])
    expect(s.sent.find((e) => e.event === 'status' && e.data.status === 'Failed')!.data).toMatchObject({
      reason: 'Error',
      message: 'boom',
      nodeName: 'f2',
      restarts: 0,
    })
  })

  it('joining after a restart: the stored runs are separated by how each ended', async () => {
    const node = makeNode('f3').record()
    const pod: PodRecord = {
      ...makePod('late').boundTo(node.id).record(),
      incarnation: 3,
      restarts: 2,
      status: 'Running',
      spec: { ...makePod('w').record().spec, restartPolicy: 'Always' },
    }
    const state = createClusterState({ nodes: [node], pods: [pod] })
    const ended = (incarnation: number, message: string): RunEnd => ({
      incarnation,
      status: 'Failed',
      reason: 'Error',
      message,
      nodeId: node.id,
      at: incarnation,
    })
    const history = [ended(1, 'first'), ended(2, 'second')]
    const logs = fakeLogs([
      { ...line(pod, 1, 'one'), id: 1 },
      { ...line(pod, 2, 'two'), id: 2 },
    ])
    const s = sink()
    const done = followPodLogs({ logs, state, runEnds: async (_id, from) => runEndsOf(history, from) }, pod.id, {}, s, OPTIONS)
    await s.until(() => s.sent.filter((e) => e.event === 'status' && !e.data.replay).length === 1)
    s.abort()
    await done
    expect(s.sent.map((e) => `${e.event}:${e.data.incarnation}:${e.data.line ?? e.data.message ?? e.data.status}`)).toEqual([
      'log:1:one',
      'status:1:first',
      'log:2:two',
      'status:2:second',
      'status:3:Running',
    ])
    expect(s.sent.filter((e) => e.data.replay).map((e) => e.data.restarts)).toEqual([0, 1])
  })

  it('a pod that cannot run again ends the stream after its last lines', async () => {
    const pod: PodRecord = { ...makePod('once').boundTo('n').record(), incarnation: 1, status: 'Succeeded' }
    const state = createClusterState({ pods: [pod] })
    const logs = fakeLogs([{ ...line(pod, 1, 'hello'), id: 1 }])
    const s = sink()
    const done = followPodLogs({ logs, state }, pod.id, {}, s, OPTIONS)
    await s.until(() => statuses(s).length === 1)
    logs.push(line(pod, 1, 'a late line'))
    await done
    expect(lines(s)).toEqual(['1:hello', '1:a late line'])
    expect(s.sent.at(-1)!.event).toBe('end')
  })

  it('a line that arrives while the history is read is sent once', async () => {
    const pod: PodRecord = { ...makePod('race').boundTo('n').record(), incarnation: 1, status: 'Running' }
    const state = createClusterState({ pods: [pod] })
    const logs = fakeLogs()
    logs.duringRead(() => logs.push(line(pod, 1, 'racing')))
    const s = sink()
    const done = followPodLogs({ logs, state }, pod.id, {}, s, OPTIONS)
    await s.until(() => statuses(s).length === 1)
    logs.push(line(pod, 1, 'after'))
    await s.until(() => lines(s).length >= 2)
    s.abort()
    await done
    expect(lines(s)).toEqual(['1:racing', '1:after'])
  })

  it('with an incarnation, only that run’s lines', async () => {
    const pod: PodRecord = {
      ...makePod('inc').boundTo('n').record(),
      incarnation: 2,
      status: 'Running',
      spec: { ...makePod('y').record().spec, restartPolicy: 'Always' },
    }
    const state = createClusterState({ pods: [pod] })
    const logs = fakeLogs([
      { ...line(pod, 1, 'old'), id: 1 },
      { ...line(pod, 2, 'new'), id: 2 },
    ])
    const s = sink()
    const done = followPodLogs({ logs, state }, pod.id, { incarnation: 2 }, s, OPTIONS)
    await s.until(() => statuses(s).length === 1)
    logs.push(line(pod, 1, 'straggler'))
    logs.push(line(pod, 2, 'fresh'))
    await s.until(() => lines(s).length === 2)
    s.abort()
    await done
    expect(lines(s)).toEqual(['2:new', '2:fresh'])
  })

  it('may a finished pod run again?', () => {
    const state = createClusterState()
    const base = makePod('p').record()
    const pod = (over: Partial<PodRecord>, policy: PodRecord['spec']['restartPolicy'] = 'Never'): PodRecord => ({
      ...base,
      ...over,
      spec: { ...base.spec, restartPolicy: policy },
    })
    expect(mayRunAgain(pod({ status: 'Running' }), state)).toBe(true)
    expect(mayRunAgain(pod({ status: 'Succeeded' }), state)).toBe(false)
    expect(mayRunAgain(pod({ status: 'Succeeded' }, 'Always'), state)).toBe(true)
    expect(mayRunAgain(pod({ status: 'Failed' }, 'OnFailure'), state)).toBe(true)
    expect(mayRunAgain(pod({ status: 'Succeeded' }, 'OnFailure'), state)).toBe(false)
    expect(mayRunAgain(pod({ status: 'Failed', deletedAt: 1 }, 'Always'), state)).toBe(false)
  })
})
