/**
 * The agent runtime conformance suite — the one node-node passes — run by the browser runtime in
 * real Chromium (vitest browser mode, browser-node/vitest.browser.config.ts). Each case shows up
 * here as its own test, so a failure names the case.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conformanceCases } from '@stark/shared/testing'
import { run } from '../harness/processes'
import { repoRoot } from '../harness/stark'
import { browserAvailable, CHROMIUM_PATH } from './chromium'

const available = browserAvailable()

interface JsonReport {
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[]
}

describe.skipIf(!available)('agent conformance: browser-node in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stark-conformance-'))
  let results: JsonReport['testResults'][number]['assertionResults'] = []
  let output = ''

  beforeAll(async () => {
    const out = join(dir, 'report.json')
    const r = await run(
      process.execPath,
      [
        join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        'browser-node/vitest.browser.config.ts',
        '--reporter=json',
        `--outputFile=${out}`,
      ],
      { cwd: repoRoot, env: { CHROMIUM_PATH, CI: '1' }, timeoutMs: 180_000 },
    )
    output = `${r.stdout}\n${r.stderr}`.slice(-4000)
    try {
      results = (JSON.parse(readFileSync(out, 'utf8')) as JsonReport).testResults.flatMap((t) => t.assertionResults)
    } catch {
      throw new Error(`the browser conformance run wrote no report (exit ${r.code}):\n${output}`)
    }
  }, 200_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  for (const [key, title] of Object.entries(conformanceCases)) {
    it(`${key}: ${title}`, () => {
      const result = results.find((r) => r.title === title)
      expect(result, `no result for "${title}":\n${output}`).toBeDefined()
      expect(result!.status, result!.failureMessages.join('\n')).toBe('passed')
    })
  }
})
