/**
 * Fluent fixture builders for scheduler tests, after Kubernetes' MakeNode()/MakePod():
 * `makeNode('n1').cpu(2000).label('zone', 'a').taint('gpu', 'true', 'NoSchedule').info()`.
 */
import type { Labels, NodeAffinity, NodeCondition, NodeRuntime, PackRuntime, Taint, TaintEffect, Toleration } from '@stark/shared'
import type { NodeRecord, PackRecord, PodRecord } from '../../store/records'
import type { NodeInfo, PodToSchedule, Snapshot } from '../types'
import { newPendingPod } from '../../pods/pending-pod'
import { newReadyNode } from '../../testing/records'

const T0 = Date.UTC(2026, 0, 1)
let seq = 0

export function makeNode(name = `node-${++seq}`) {
  const node: NodeRecord = newReadyNode({ id: `id-${name}`, name, ownerId: 'owner' }, T0)
  const used = { cpu: 0, memory: 0, pods: 0 }
  const pods = new Map<string, PodRecord>()
  const b = {
    cpu: (milli: number) => ((node.allocatable = { ...node.allocatable, cpu: milli }), b),
    memory: (mb: number) => ((node.allocatable = { ...node.allocatable, memory: mb }), b),
    maxPods: (n: number) => ((node.allocatable = { ...node.allocatable, pods: n }), b),
    used: (cpu: number, memory: number, count = 1) => ((used.cpu += cpu), (used.memory += memory), (used.pods += count), b),
    withPod: (pod: PodRecord) => {
      pods.set(pod.id, pod)
      used.cpu += pod.spec.resources.cpu
      used.memory += pod.spec.resources.memory
      used.pods += 1
      return b
    },
    label: (k: string, v: string) => ((node.labels = { ...node.labels, [k]: v }), b),
    taint: (key: string, value: string | undefined, effect: TaintEffect) => {
      const t: Taint = value === undefined ? { key, effect } : { key, value, effect }
      node.taints = [...node.taints, t]
      return b
    },
    runtime: (r: NodeRuntime) => ((node.runtime = r), b),
    status: (s: NodeRecord['status']) => ((node.status = s), b),
    cordoned: () => ((node.unschedulable = true), b),
    owner: (id: string | null) => ((node.ownerId = id), b),
    trusted: () => ((node.trusted = true), b),
    condition: (c: NodeCondition) => ((node.conditions = [...(node.conditions ?? []), c]), b),
    record: () => node,
    info: (): NodeInfo => ({ node, allocated: { ...used }, pods }),
  }
  return b
}

export function makePod(name = `pod-${++seq}`) {
  const pack: PackRecord = {
    id: 'pack-1',
    name: 'app',
    version: '1.0.0',
    ownerId: 'owner',
    namespace: 'default',
    runtime: 'universal',
    visibility: 'private',
    sha256: 'f'.repeat(64),
    size: 10,
    description: null,
    createdAt: T0,
  }
  const pod = newPendingPod(
    {
      id: `id-${name}`,
      name,
      namespace: 'default',
      ownerId: 'owner',
      packId: pack.id,
      spec: { resources: { cpu: 100, memory: 64 }, selector: {}, tolerations: [], env: {}, args: [], restartPolicy: 'Never' },
    },
    T0,
  )
  const b = {
    requests: (cpu: number, memory: number) => ((pod.spec = { ...pod.spec, resources: { cpu, memory } }), b),
    selector: (s: Labels) => ((pod.spec = { ...pod.spec, selector: s }), b),
    tolerate: (t: Toleration) => ((pod.spec = { ...pod.spec, tolerations: [...pod.spec.tolerations, t] }), b),
    affinity: (a: NodeAffinity) => ((pod.spec = { ...pod.spec, affinity: a }), b),
    priority: (p: number) => ((pod.priority = p), b),
    packRuntime: (r: PackRuntime) => ((pack.runtime = r), b),
    owner: (id: string) => ((pod.ownerId = id), (pack.ownerId = id), b),
    /** Only the pack's owner (e.g. an admin runs another user's pack). */
    packOwner: (id: string) => ((pack.ownerId = id), b),
    visibility: (v: PackRecord['visibility']) => ((pack.visibility = v), b),
    namespace: (ns: string) => ((pack.namespace = ns), (pod.namespace = ns), b),
    podNamespace: (ns: string) => ((pod.namespace = ns), b),
    boundTo: (nodeId: string, status: PodRecord['status'] = 'Running') => ((pod.nodeId = nodeId), (pod.status = status), b),
    record: () => pod,
    build: (): PodToSchedule => ({ pod, pack }),
  }
  return b
}

export function makeSnapshot(infos: NodeInfo[]): Snapshot {
  const byId = new Map(infos.map((i) => [i.node.id, i]))
  return { nodes: infos, get: (id) => byId.get(id) }
}
