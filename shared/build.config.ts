import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  // zod: the one copy the built packages share (see src/zod.ts), in a chunk of its own.
  entries: ['src/index', 'src/testing/index', 'src/zod'],
  declaration: false,
  rollup: {
    emitCJS: false,
    // zod is ~95 small ES modules, each a measurable cost to a process's start in Node's module
    // loader; bundled here, it is one file that the server and the CLI import as @stark/shared/zod.
    inlineDependencies: [/^zod(\/|$)/],
  },
  hooks: {
    // Dependencies are external by default; the inlined ones are taken off that list.
    'build:before'(ctx) {
      const inline = ctx.options.rollup.inlineDependencies as RegExp[]
      ctx.options.externals = ctx.options.externals.filter((e) => typeof e !== 'string' || !inline.some((r) => r.test(e)))
    },
  },
})
