export { testContext, type TestContext, type TestContextOptions } from './test-context'
export { runPack, type PackRunResult, type RunPackOptions } from './run-pack'
