import { defineBuildConfig } from 'unbuild'
import { outputsOf, zodFromShared } from '../build-hooks'

export default defineBuildConfig({
  entries: ['src/main', 'src/index', 'src/config'],
  declaration: false,
  rollup: { emitCJS: false },
  hooks: {
    // One zod in the process, shared with @stark/shared and the server (see build-hooks.ts).
    'rollup:options'(_ctx, options) {
      for (const output of outputsOf(options)) output.paths = zodFromShared
    },
  },
})
