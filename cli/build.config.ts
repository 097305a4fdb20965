import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  entries: ['src/main', 'src/index', 'src/config'],
  declaration: false,
  rollup: { emitCJS: false },
})
