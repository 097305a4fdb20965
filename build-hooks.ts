/**
 * What the packages' unbuild configs share: dependencies inlined into a bundle, and zod taken from
 * the one copy @stark/shared bundles (shared/src/zod.ts), so a process loads one zod, as one file.
 */
import type { BuildContext, RollupOptions } from 'unbuild'

/** 'build:before': dependencies are external by default; the ones in `rollup.inlineDependencies` come off that list. */
export function dropInlinedFromExternals(ctx: BuildContext): void {
  const inline = ctx.options.rollup.inlineDependencies as RegExp[]
  ctx.options.externals = ctx.options.externals.filter((e) => typeof e !== 'string' || !inline.some((r) => r.test(e)))
}

/** Each output of a rollup build (for 'rollup:options'). */
export const outputsOf = (options: RollupOptions) => [options.output ?? []].flat()

/** An output imports zod as @stark/shared/zod. */
export const zodFromShared = { zod: '@stark/shared/zod' }
