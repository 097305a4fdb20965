/**
 * The one schema of a stored node identity, for every agent's identity store (a file on a Node
 * agent, IndexedDB in a browser): what is read back is checked against it, and only its three
 * fields are written.
 */
import { z } from 'zod'
import type { NodeIdentity } from './runtime'

export const nodeIdentitySchema = z.object({ nodeId: z.string(), name: z.string(), nodeToken: z.string() })

/** The identity in a stored value (unknown fields dropped), or undefined when it does not hold one. */
export function readNodeIdentity(value: unknown): NodeIdentity | undefined {
  const parsed = nodeIdentitySchema.safeParse(value)
  return parsed.success ? parsed.data : undefined
}

/** What an identity store writes: the identity's own fields, nothing else the object carries. */
export const storedNodeIdentity = ({ nodeId, name, nodeToken }: NodeIdentity): NodeIdentity => ({ nodeId, name, nodeToken })
