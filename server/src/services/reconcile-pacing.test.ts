/** The service controller with a pacer: what it does when a costly service is woken by its pods, and by itself. */
import { expect, it } from 'vitest'
import type { Pacer } from '../controllers/pacer'
import type { PodRecord } from '../store/records'
import { createHarness } from './testing/harness'

it('a service whose planning is costly is reconciled after its paced wait when its pods change, and at once when it changes itself', async () => {
  const waits = new Map<string, number>()
  const runs: string[] = []
  // The pacer's bookkeeping is tested on its own (pacer.test.ts); here, what the controller does with a wait.
  const pacer: Pacer = {
    run: (key, fn) => (runs.push(key), fn()),
    wait: (key) => waits.get(key) ?? 0,
    forget: (key) => void waits.delete(key),
  }
  const p = await createHarness({ pacer })
  try {
    await p.pack('web', '1.0.0')
    await p.node('a')
    await p.createService({ name: 'web', pack: 'web', replicas: 2, labels: { tier: 'front' } })
    const id = p.service('web').id
    waits.set(id, 500)
    const [pod] = p.live('web') as [PodRecord]
    const ran = runs.length
    await p.writes.run((tx) => tx.putPod({ ...pod, labels: { tier: 'old', 'stark.io/service': 'web' } }))
    await p.settle()
    // Woken by its pod, it waits its turn: nothing is reconciled yet.
    expect(runs.length).toBe(ran)
    expect(p.live('web').find((x) => x.id === pod.id)!.labels.tier).toBe('old')
    waits.delete(id)
    await p.advance(500)
    expect(runs.length).toBeGreaterThan(ran)
    expect(p.live('web').find((x) => x.id === pod.id)!.labels.tier).toBe('front')
    // A change of the service itself does not wait.
    waits.set(id, 500)
    await p.services.ops.scale(p.admin, 'web', undefined, 3)
    await p.settle()
    expect(p.live('web')).toHaveLength(3)
  } finally {
    await p.close()
  }
})
