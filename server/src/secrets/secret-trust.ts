/**
 * Which nodes may hold a pod's secret values: a node the pod's owner registered, or one an admin
 * marked trusted. Never another user's node, whatever its labels or advertised capacity. The
 * scheduler's Trust filter and secret injection (at every pod:assign) both ask this.
 */
export function trustedWithSecrets(
  pod: { ownerId: string; spec: { secrets?: readonly string[] | undefined } },
  node: { trusted: boolean; ownerId: string | null },
): boolean {
  if (!pod.spec.secrets?.length) return true
  return node.trusted || (node.ownerId !== null && node.ownerId === pod.ownerId)
}
