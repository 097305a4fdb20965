import { copyFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  entries: ['src/index'],
  declaration: false,
  rollup: { emitCJS: false },
  hooks: {
    // The worker and pod-process entries are plain JavaScript loaded by path next to index.mjs: copied, not bundled.
    'build:done'(ctx) {
      const { rootDir, outDir } = ctx.options
      copyFileSync(resolve(rootDir, 'src/pack-worker.mjs'), resolve(outDir, 'pack-worker.mjs'))
      copyFileSync(resolve(rootDir, 'src/pod-start.cjs'), resolve(outDir, 'pod-start.cjs'))
      copyFileSync(resolve(rootDir, 'src/pod-process.mjs'), resolve(outDir, 'pod-process.mjs'))
      copyFileSync(resolve(rootDir, 'src/pod-network.mjs'), resolve(outDir, 'pod-network.mjs'))
      copyFileSync(resolve(rootDir, 'src/fetch-ready.mjs'), resolve(outDir, 'fetch-ready.mjs'))
    },
  },
})
