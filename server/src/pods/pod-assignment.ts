import type { PodAssignment } from '@stark/shared'
import type { ClusterState } from '../state/cluster-state'
import type { PodRecord } from '../store/records'

/** What a node receives to run one incarnation of a pod. */
export function podAssignment(pod: PodRecord, state: ClusterState): PodAssignment | undefined {
  const pack = state.packs.get(pod.packId)
  if (!pack) return undefined
  return {
    podId: pod.id,
    name: pod.name,
    namespace: pod.namespace,
    incarnation: pod.incarnation,
    pack: { namespace: pack.namespace, name: pack.name, version: pack.version, sha256: pack.sha256, runtime: pack.runtime },
    env: pod.spec.env,
    args: pod.spec.args,
    resources: pod.spec.resources,
  }
}
