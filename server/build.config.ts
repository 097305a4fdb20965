import { fileURLToPath } from 'node:url'
import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  // boot: what `stark server start` loads first (configuration, database opening), sharing a chunk with index.
  entries: ['src/index', 'src/client', 'src/boot'],
  declaration: false,
  // `ws` (imported by the inlined @hono/node-ws) is required, not imported: see src/ws/ws-library.ts.
  alias: { ws: fileURLToPath(new URL('./src/ws/ws-library.ts', import.meta.url)) },
  rollup: {
    emitCJS: false,
    // prom-client loads perf_hooks inside try/catch (for the GC and event-loop metrics): converted
    // to imports too, since an ES module has no `require` and the metrics would silently go missing.
    commonjs: { ignoreTryCatch: false },
    // Hono and its middleware packages are ~60 small ES modules, each a measurable cost to a server's
    // start in Node's module loader; inlined, they are part of the server's own files. The server is
    // their only user in a process; so are @vue/reactivity and prom-client (with @opentelemetry/api,
    // which prom-client's process metrics load: ~85 CommonJS files, each also scanned for its exports).
    inlineDependencies: [
      /^hono(\/|$)/,
      /^@hono\//,
      // @hono/zod-openapi's generator: its ES module build (the CommonJS one is what Node would
      // load, scanned for its exports first: 21 against 6 ms of a start). It imports no zod: it
      // extends the z it is given.
      /^@asteasolutions\/zod-to-openapi(\/|$)/,
      /^@vue\//,
      /^prom-client(\/|$)/,
      /^@opentelemetry\/api(\/|$)/,
      /^tdigest(\/|$)/,
      /^bintrees(\/|$)/,
    ],
  },
  hooks: {
    // Dependencies are external by default; the inlined ones and the aliased `ws` are taken off that list.
    'build:before'(ctx) {
      const inline = ctx.options.rollup.inlineDependencies as RegExp[]
      ctx.options.externals = ctx.options.externals.filter(
        (e) => typeof e !== 'string' || (e !== 'ws' && !inline.some((r) => r.test(e))),
      )
    },
    // Shared chunks sit in dist/ itself, beside the entries: modules find files next to the built
    // server by their own URL (the PGlite template, dist/pglite-template.tar.gz). zod is imported as
    // the copy @stark/shared's build bundles (see shared/src/zod.ts): one zod in the process (the
    // model's schemas and the routes' alike, the one zod-to-openapi extends), loaded as one file.
    'rollup:options'(_ctx, options) {
      for (const output of [options.output ?? []].flat()) {
        output.chunkFileNames = '[name].[hash].mjs'
        output.paths = { zod: '@stark/shared/zod' }
      }
    },
  },
})
