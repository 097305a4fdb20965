import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript sources through the "stark-source" export
// condition, so unit tests never need a build. e2e tests spawn the built binaries instead.
const conditions = ['stark-source', 'import', 'module', 'node', 'default']

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['stark-source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{pack,shared,client,server,node-node,cli,browser-node}/src/**/*.test.ts', 'architecture.test.ts'],
          // Two files at a time: Vitest's default (one worker less than the cores) runs one at a time on
          // a 2-core machine, leaving a core idle while a file waits on a database or a child process.
          maxWorkers: 2,
          // Integration tests make many real calls; on a busy 2-core machine one can take tens of seconds.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
