/** What applying one object would do, and the step that does it. */
import type { StarkClient } from '@stark/server/client'
import { CLIError, ExitCode } from './errors'
import type { FieldChange } from './manifest-compare'
import type { LoadedObject } from './manifest-load'

export type Outcome = 'created' | 'configured' | 'unchanged'

export type Plan =
  | { action: 'create'; run(): Promise<Outcome> }
  | { action: 'unchanged' }
  /** `uncertain`: values the server never shows (a secret's) may differ too; the server decides. */
  | { action: 'configure'; changes: FieldChange[]; uncertain?: string; run(): Promise<Outcome> }
  /** A change the API cannot make in place: nothing is done, and why is said. */
  | { action: 'refuse'; changes: FieldChange[]; reason: string }

export interface ManifestContext {
  client: StarkClient
  /** The namespace of objects that name none (`-n`, else the configured one, else default). */
  namespace: string
}

export interface KindHandler<O> {
  plan(ctx: ManifestContext, object: O, loaded: LoadedObject): Promise<Plan>
  /** Deletes it: `deleted`, `not found`, or `kept` with why (a kind the API never deletes). */
  remove(ctx: ManifestContext, object: O): Promise<'deleted' | 'not found' | `kept: ${string}`>
}

/** A call's result, or undefined when the server says the object does not exist. */
export async function orMissing<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request
  } catch (error) {
    if (error instanceof CLIError && error.exitCode === ExitCode.notFound) return undefined
    throw error
  }
}

/** The namespace an object is in. */
export const namespaceOf = (ctx: ManifestContext, o: { metadata: { namespace?: string | undefined } }) =>
  o.metadata.namespace ?? ctx.namespace
