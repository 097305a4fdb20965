import { z } from 'zod'

export const packRuntimes = ['node', 'browser', 'universal'] as const
export type PackRuntime = (typeof packRuntimes)[number]
export const packRuntime = z.enum(packRuntimes)

export const nodeRuntimes = ['node', 'browser'] as const
export type NodeRuntime = (typeof nodeRuntimes)[number]
export const nodeRuntime = z.enum(nodeRuntimes)

export const visibilities = ['private', 'public'] as const
export type Visibility = (typeof visibilities)[number]

export function runtimeCompatible(pack: PackRuntime, node: NodeRuntime): boolean {
  return pack === 'universal' || pack === node
}

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256')

/** What a pack module looks like to a runtime: `export default async function main(ctx)`. One definition, in @stark/pack. */
export type { PackContext, PackContextData, PackModule } from '@stark/pack'
