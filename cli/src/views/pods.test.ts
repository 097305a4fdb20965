import { describe, expect, it } from 'vitest'
import { listOutput, recordOutput, renderOutput } from '../lib/output'
import { formatToleration, podColumns, podFields } from './pods'
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
  pack: { id: 'p1', name: 'hello', version: '1.0.0', runtime: 'universal' as const },
  service: null,
  incarnation: 0,
  restarts: 0,
  priority: 0,
  resources: { cpu: 100, memory: 64 },
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
  it('lists pods with NAME NAMESPACE STATUS NODE PACK RESTARTS AGE', () => {
    const text = renderOutput(
      listOutput([pod(), pod({ name: 'web-1', status: 'Running', reason: null, nodeName: 'box1', restarts: 2 })], podColumns),
      {
        format: 'table',
        color: false,
        now: NOW,
      },
    )
    expect(text.split('\n')).toEqual([
      'NAME          NAMESPACE   STATUS                    NODE     PACK          RESTARTS   AGE',
      'hello-x7k2p   default     Pending (Unschedulable)   <none>   hello@1.0.0   0          2m',
      'web-1         default     Running                   box1     hello@1.0.0   2          2m',
      '',
    ])
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
