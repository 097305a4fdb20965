import assert from 'node:assert/strict'
import { test } from 'node:test'
import { READY_LINE } from '@stark/pack'
import { runPack } from '@stark/pack/testing'
import main from './index'

test('says it is ready, works in rounds until stopped, then says how many it did', async () => {
  const result = await runPack(main, {
    pod: { name: 'web-1' },
    pack: { name: 'web', version: '1.0.0' },
    env: { INTERVAL_MS: '5' },
    stopWhen: (line) => line.startsWith('round 2 '),
  })
  assert.equal(result.status, 'Succeeded')
  assert.equal(result.stopped, true)
  assert.deepEqual(result.lines.slice(0, 3), [READY_LINE, 'round 1 on web-1 (web@1.0.0)', 'round 2 on web-1 (web@1.0.0)'])
  assert.match(result.lines.at(-1) ?? '', /^stopped after [2-9]\d* round\(s\)$/)
})
