import { defineBuildConfig } from 'unbuild'

export default defineBuildConfig({
  entries: ['src/index', 'src/client'],
  declaration: false,
  rollup: { emitCJS: false },
})
