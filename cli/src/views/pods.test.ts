import { describe, expect, it } from 'vitest'
import { listOutput, recordOutput, renderOutput } from '../lib/output'
import { formatToleration, podColumns, podFields, podList } from './pods'
import type { Pod } from './types'

const NOW = Date.parse('2026-11-27T12:00:00Z')

// Not annotated as Pod, so fields the server adds meanwhile (spread in below) do not break the fixture.
const base = {
  id: '0b7c2a56-0000-4000-8000-000000000001',
  name: 'hello-x7k2p',
  namespace: 'default',
  status: 'Pending' as const,
  reason: 'Unschedulable',
  message: '0/2 nodes available: 1 untolerated taint, 1 insufficient memory.',
  nodeId: null,
  nodeName: null,
  pack: { id: 'p1', namespace: 'default', name: 'hello', version: '1.0.0', runtime: 'universal' as const },
  service: null,
  incarnation: 0,
  restarts: 0,
  priority: 0,
  resources: { cpu: 100, memory: 64 },
  labels: { app: 'hello' },
  selector: { zone: 'home' },
  tolerations: [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }],
  affinity: null,
  priorityClass: null,
  restartPolicy: 'Never' as const,
  env: { GREETING: 'hi' },
  args: [],
  exitCode: null,
  ownerId: 'u1',
  createdAt: '2026-11-27T11:58:00.000Z',
  scheduledAt: null,
  startedAt: null,
  finishedAt: null,
  deletedAt: null,
  usage: null,
}
const pod = (over: Partial<Pod> = {}): Pod => ({ ...base, ...over })

describe('pod views', () => {
  const two = () => [pod(), pod({ name: 'web-1', status: 'Running', reason: null, nodeName: 'box1', restarts: 2 })]
  const render = (format: 'table' | 'wide' | 'name', all = false) =>
    renderOutput(listOutput(two(), podColumns, '', podList(all)), { format, color: false, now: NOW }).split('\n')

  it('lists pods of one namespace with NAME STATUS NODE PACK RESTARTS AGE', () => {
    expect(render('table')).toEqual([
      'NAME          STATUS                    NODE     PACK          RESTARTS   AGE',
      'hello-x7k2p   Pending (Unschedulable)   <none>   hello@1.0.0   0          2m',
      'web-1         Running                   box1     hello@1.0.0   2          2m',
      '',
    ])
  })

  it('starts with NAMESPACE when the list spans every namespace (-A)', () => {
    expect(render('table', true)[0]).toBe(
      'NAMESPACE   NAME          STATUS                    NODE     PACK          RESTARTS   AGE',
    )
    expect(render('table', true)[1]).toMatch(/^default {5}hello-x7k2p {3}Pending/)
  })

  it('adds SERVICE, PRIORITY and LABELS in -o wide, and prints pod/<name> in -o name', () => {
    expect(render('wide')[0]).toBe(
      'NAME          STATUS                    NODE     PACK          RESTARTS   AGE   SERVICE   PRIORITY   LABELS',
    )
    expect(render('wide')[1]).toMatch(/<none> {4}0 {10}app=hello$/)
    expect(render('name')).toEqual(['pod/hello-x7k2p', 'pod/web-1', ''])
  })

  it('shows the scheduler’s diagnosis in pod status', () => {
    const text = renderOutput(recordOutput(pod(), podFields), { format: 'table', color: false, now: NOW })
    expect(text).toMatch(/^Status: +Pending$/m)
    expect(text).toMatch(/^Reason: +Unschedulable$/m)
    expect(text).toMatch(/^Message: +0\/2 nodes available: 1 untolerated taint, 1 insufficient memory\.$/m)
    expect(text).toMatch(/^Tolerations: +gpu=yes:NoSchedule$/m)
    expect(text).toMatch(/^Env: +GREETING$/m)
    expect(text).not.toContain('hi\n')
  })

  it.each([
    [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }, 'gpu=yes:NoSchedule'],
    [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }, 'gpu:NoSchedule'],
    [{ key: 'gpu', operator: 'Exists' }, 'gpu'],
    [{ operator: 'Exists' }, '*'],
    [{ operator: 'Exists', effect: 'NoExecute' }, ':NoExecute'],
    [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 60 }, 'k=v:NoExecute:60'],
  ])('formats toleration %j as %s (the form --toleration accepts)', (t, want) => {
    expect(formatToleration(t)).toBe(want)
  })
})
