import { runtimeCompatible } from '@stark/shared'
import { FIT, type SchedulerPlugin } from '../types'

export const runtimeMismatch = (packRuntime: string) => `node(s) of the wrong runtime (pack needs ${packRuntime})`

/** A `node` pack needs a Node.js node, a `browser` pack a browser node; `universal` runs on both. */
export const runtimeMatch = {
  name: 'RuntimeMatch',
  filter: (pod, info) =>
    runtimeCompatible(pod.pack.runtime, info.node.runtime)
      ? FIT
      : { ok: false, reason: runtimeMismatch(pod.pack.runtime), unresolvable: true },
} satisfies SchedulerPlugin
