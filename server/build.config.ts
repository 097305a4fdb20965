import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  // boot: what `stark server start` loads first (configuration, database opening), sharing a chunk with index.
  entries: ['src/index', 'src/client', 'src/boot'],
  declaration: false,
  rollup: { emitCJS: false },
  hooks: {
    // Shared chunks sit in dist/ itself, beside the entries: modules find files next to the built
    // server by their own URL (the PGlite template, dist/pglite-template.tar.gz).
    'rollup:options'(_ctx, options) {
      for (const output of [options.output ?? []].flat()) output.chunkFileNames = '[name].[hash].mjs'
    },
  },
})
