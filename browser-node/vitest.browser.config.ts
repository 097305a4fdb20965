/**
 * The agent conformance suite in real Chromium: vitest browser mode with playwright-core's
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Run by e2e/browser/conformance.test.ts,
 * or by hand: npx vitest run --config browser-node/vitest.browser.config.ts
 */
import { defineConfig } from 'vitest/config'
import { playwright } from '@vitest/browser-playwright'
import { fileURLToPath } from 'node:url'
import { packWorker } from './vite.config.ts'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  plugins: [packWorker()],
  resolve: { conditions: ['stark-source', 'browser', 'import', 'module', 'default'] },
  test: {
    include: ['src/**/*.conformance.ts'],
    globalSetup: ['src/testing/conformance-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
