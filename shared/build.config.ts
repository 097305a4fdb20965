import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  entries: ['src/index', 'src/testing/index'],
  declaration: false,
  rollup: { emitCJS: false },
})
