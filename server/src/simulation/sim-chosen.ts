/**
 * Scenarios chosen by hand, run as fixed cases beside the random ones, so that each way a node
 * goes away is tried every run: right after a restart, on purpose in numbers, deleted, drained.
 */
import type { Scenario } from './sim-scenario'

export const CHOSEN: { what: string; scenario: Scenario }[] = [
  {
    what: 'a node that reconnected to the restarted server and then closed has its pods replaced at once, not after the start-up grace',
    scenario: {
      services: [{ name: 's0', replicas: 2, tolerations: [], crashes: false }],
      initialNodes: ['n0', 'n1', 'n2'],
      ops: [
        { t: 'restart', reconnectAfterMs: 0, after: 2_000 },
        { t: 'close', node: 'n0', after: 0 },
        { t: 'die', node: 'n1', after: 10_000 },
      ],
    },
  },
  {
    what: 'three of five nodes leaving on purpose and one dying do not pause evictions',
    scenario: {
      services: [
        { name: 's0', replicas: 3, tolerations: [], crashes: false },
        { name: 's1', replicas: 0, tolerations: [], crashes: false },
      ],
      initialNodes: ['n0', 'n1', 'n2', 'n3', 'n4'],
      ops: [
        { t: 'leave', node: 'n0', remove: false, after: 0 },
        { t: 'leave', node: 'n1', remove: true, after: 0 },
        { t: 'leave', node: 'n2', remove: false, after: 0 },
        { t: 'die', node: 'n3', after: 0 },
      ],
    },
  },
  {
    what: 'a silent node deleted, a Ready node deleted by force (its agent forgets itself and joins as a new node), a node drained',
    scenario: {
      services: [
        { name: 's0', replicas: 2, tolerations: [], crashes: false },
        { name: 's1', replicas: 0, tolerations: [], crashes: false },
      ],
      initialNodes: ['n0', 'n1', 'n2', 'n3'],
      ops: [
        { t: 'die', node: 'n0', after: 1_000 },
        { t: 'delete', node: 'n0', force: true, after: 1_000 },
        { t: 'delete', node: 'n1', force: false, after: 0 },
        { t: 'delete', node: 'n1', force: true, after: 2_000 },
        { t: 'join', node: 'n1', after: 2_000 },
        { t: 'drain', node: 'n2', after: 5_000 },
        { t: 'uncordon', node: 'n2', after: 0 },
      ],
    },
  },
]
