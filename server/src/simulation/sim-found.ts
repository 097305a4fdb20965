/**
 * Scenarios the simulation once shrank a failure to, kept as fixed cases so that what they caught
 * stays fixed whatever the random runs happen to try.
 */
import type { Scenario } from './sim-scenario'

export const FOUND: { what: string; scenario: Scenario }[] = [
  {
    what: 'a pod tolerating a NoExecute taint for 0 s was evicted and bound to the same node again, hundreds of times a minute',
    scenario: {
      services: [
        {
          name: 's0',
          replicas: 0,
          tolerations: [{ key: 'k1', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
          crashes: false,
        },
        { name: 's1', replicas: 0, tolerations: [], crashes: false },
      ],
      initialNodes: ['n0'],
      ops: [{ t: 'taint', node: 'n0', key: 'k1', effect: 'NoExecute', after: 0 }],
    },
  },
  {
    what: 'a NoExecute toleration of 20 s started counting again when the server restarted',
    scenario: {
      services: [
        {
          name: 's0',
          replicas: 1,
          tolerations: [{ key: 'k1', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 20 }],
          crashes: false,
        },
      ],
      initialNodes: ['n0'],
      ops: [
        { t: 'taint', node: 'n0', key: 'k1', effect: 'NoExecute', after: 15_000 },
        { t: 'restart', reconnectAfterMs: 0, after: 30_000 },
      ],
    },
  },
  {
    what: 'two of three nodes dying for good paused evictions until they came back, which they never did',
    scenario: {
      services: [{ name: 's0', replicas: 3, tolerations: [], crashes: false }],
      initialNodes: ['n0', 'n1', 'n2'],
      ops: [
        { t: 'die', node: 'n1', after: 0 },
        { t: 'die', node: 'n2', after: 0 },
      ],
    },
  },
]
