/**
 * The OpenAPI document's example requests, each with the status it gets. They are written into
 * the document (as named `examples` on parameters and request bodies, plus `x-stark-examples` on
 * each operation: name, expected status, replay order, credentials), and a test replays them, in
 * this order, against a real server holding one connected node called `laptop`: so every example
 * an integrator copies is one the server really accepts (or refuses with the documented status).
 * Each resource's examples live in `examples/`; later ones rely on what earlier ones created.
 *
 * Add at least one example for every new operation: the replay test lists operations without one.
 */
import type { ApiExample } from './api-example'
import { namespaceExamples } from './examples/namespaces'
import { nodeExamples } from './examples/nodes'
import { observingExamples } from './examples/observing'
import { packExamples } from './examples/packs'
import { podExamples } from './examples/pods'
import { schedulingExamples } from './examples/scheduling'
import { serviceExamples } from './examples/services'
import { sessionExamples } from './examples/sessions'
import { teardownExamples } from './examples/teardown'
import { userExamples } from './examples/users'

export type { ApiExample } from './api-example'
export { EXAMPLE_BUNDLE, EXAMPLE_BUNDLE_SHA256 } from './examples/packs'

/** In replay order: setup first, deletes and logout last. */
export const API_EXAMPLES: ApiExample[] = [
  ...sessionExamples,
  ...packExamples,
  ...schedulingExamples,
  ...podExamples,
  ...serviceExamples,
  ...nodeExamples,
  ...observingExamples,
  ...userExamples,
  ...namespaceExamples,
  ...teardownExamples,
]
