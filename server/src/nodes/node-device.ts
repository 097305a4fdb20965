/**
 * A browser node's own device labels and taints (`node:device`): power, battery, visibility and
 * WebGPU labels, and the low-battery / hidden taints, set and cleared by the node itself. Only
 * those keys: anything else is refused with the reason. What the report leaves out is removed, so
 * the node's record always shows the device as it last said.
 */
import { DEVICE_LABEL_KEYS, DEVICE_TAINTS, deviceReportProblems, type DeviceReport } from '@stark/shared'
import { badRequest, notFound } from '../errors'
import type { WriteQueue } from '../state/write-queue'
import type { NodeRecord } from '../store/records'
import { applyNodePatch } from './node-update'

export async function applyDeviceReport(writes: WriteQueue, nodeId: string, report: DeviceReport): Promise<NodeRecord> {
  const problems = deviceReportProblems(report)
  if (problems.length > 0) throw badRequest(problems.join('; '))
  return writes.run((tx) => {
    const node = tx.node(nodeId)
    if (!node) throw notFound(`node ${nodeId}`)
    const { next, changes } = applyNodePatch(node, {
      labels: report.labels,
      removeLabels: DEVICE_LABEL_KEYS.filter((k) => !(k in report.labels)),
      taints: report.taints,
      removeTaints: DEVICE_TAINTS.filter((d) => !report.taints.some((t) => t.key === d.key && t.effect === d.effect)),
    })
    if (changes.length === 0) return node
    const updated = { ...next, updatedAt: tx.now }
    tx.putNode(updated)
    tx.event({
      category: 'node',
      resourceType: 'node',
      resourceId: node.id,
      resourceName: node.name,
      ownerId: node.ownerId,
      type: 'NodeUpdated',
      reason: 'DeviceChanged',
      message: changes.join(', '),
    })
    return updated
  })
}
