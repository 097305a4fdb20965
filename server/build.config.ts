import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  // boot: what `stark server start` loads first (configuration, database opening), sharing a chunk with index.
  entries: ['src/index', 'src/client', 'src/boot'],
  declaration: false,
  // Used by @hono/zod-openapi: stays external, as zod does (one zod, one set of its extensions).
  externals: ['@asteasolutions/zod-to-openapi'],
  rollup: {
    emitCJS: false,
    // Hono and its middleware packages are ~60 small ES modules, each a measurable cost to a server's
    // start in Node's module loader; inlined, they are part of the server's own files. The server is
    // their only user in a process. zod and zod-to-openapi stay shared with @stark/shared.
    inlineDependencies: [/^hono(\/|$)/, /^@hono\//],
  },
  hooks: {
    // Dependencies are external by default; the inlined ones are taken off that list.
    'build:before'(ctx) {
      const inline = ctx.options.rollup.inlineDependencies as RegExp[]
      ctx.options.externals = ctx.options.externals.filter((e) => typeof e !== 'string' || !inline.some((r) => r.test(e)))
    },
    // Shared chunks sit in dist/ itself, beside the entries: modules find files next to the built
    // server by their own URL (the PGlite template, dist/pglite-template.tar.gz).
    'rollup:options'(_ctx, options) {
      for (const output of [options.output ?? []].flat()) output.chunkFileNames = '[name].[hash].mjs'
    },
  },
})
