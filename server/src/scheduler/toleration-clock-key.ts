import { formatTaint, type Taint } from '@stark/shared'

/**
 * Names one NoExecute toleration clock of a pod: the node and the taint it tolerates there. The
 * scheduler reads clocks by it (is there time left on this node?); the clock store keeps them by it.
 */
export const tolerationClockKey = (nodeId: string, taint: Taint) => `${nodeId}/${formatTaint(taint)}`
