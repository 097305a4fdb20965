import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  entries: ['src/main', 'src/index', 'src/config'],
  declaration: false,
  rollup: { emitCJS: false },
  hooks: {
    // zod is imported as the copy @stark/shared's build bundles (see shared/src/zod.ts): one zod in
    // the process, shared with @stark/shared and the server, loaded as one file.
    'rollup:options'(_ctx, options) {
      for (const output of [options.output ?? []].flat()) output.paths = { zod: '@stark/shared/zod' }
    },
  },
})
