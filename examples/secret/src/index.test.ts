import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runPack } from '@stark/pack/testing'
import main, { fingerprint } from './index'

test('uses the secret without printing it', async () => {
  const result = await runPack(main, { env: { API_TOKEN: 's3cret-value' } })
  assert.equal(result.status, 'Succeeded')
  assert.deepEqual(result.lines, [`got API_TOKEN (12 characters, fingerprint ${fingerprint('s3cret-value')}) on node`])
  assert.ok(!result.lines.join('\n').includes('s3cret-value'))
  assert.notEqual(fingerprint('s3cret-value'), fingerprint('s3cret-valuf'))
})

test('without the secret it fails, saying how to give it', async () => {
  const result = await runPack(main)
  assert.equal(result.status, 'Failed')
  assert.match(String(result.error), /--secret NAME/)
})
