import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  entries: ['src/main', 'src/index'],
  declaration: false,
  rollup: { emitCJS: false },
})
