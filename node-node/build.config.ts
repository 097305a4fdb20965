import { copyFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  entries: ['src/index'],
  declaration: false,
  rollup: { emitCJS: false },
  hooks: {
    // The worker entry is plain JavaScript loaded by URL next to index.mjs: it is copied, not bundled.
    'build:done'(ctx) {
      const { rootDir, outDir } = ctx.options
      copyFileSync(resolve(rootDir, 'src/pack-worker.mjs'), resolve(outDir, 'pack-worker.mjs'))
    },
  },
})
