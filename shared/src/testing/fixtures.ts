import type { PodAssignment } from '../protocol/messages'
import type { Resources } from '../model/resources'

export const TEST_ALLOCATABLE: Resources = { cpu: 2000, memory: 2048, pods: 110 }

/** A valid `pod:assign` payload; override what the test is about. */
export function podAssignment(
  overrides: Partial<Omit<PodAssignment, 'pack'>> & { pack?: Partial<PodAssignment['pack']> } = {},
): PodAssignment {
  const { pack, ...rest } = overrides
  return {
    podId: 'pod-1',
    name: 'hello-7xk2p',
    namespace: 'default',
    incarnation: 1,
    env: {},
    args: [],
    resources: { cpu: 100, memory: 64 },
    ...rest,
    pack: { name: 'hello', version: '1.0.0', sha256: '0'.repeat(64), runtime: 'universal', ...pack },
  }
}

/** A promise with its resolve/reject at hand, for gating fakes from a test. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
