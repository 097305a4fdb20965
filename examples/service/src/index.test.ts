import assert from 'node:assert/strict'
import { test } from 'node:test'
import { READY_LINE } from '@stark/pack'
import { testContext } from '@stark/pack/testing'
import main from './index'

test('serves once ready, until stopped; then closes and says how much it served', async () => {
  let ready!: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  const ctx = testContext({
    pod: { name: 'web-1' },
    pack: { name: 'web', version: '1.0.0' },
    onLine: (l) => l === READY_LINE && ready(),
  })
  const running = main(ctx)
  await isReady
  const port = Number(/listening on port (\d+)/.exec(ctx.lines.join('\n'))?.[1])
  const answer = await (await fetch(`http://127.0.0.1:${port}/`)).json()
  assert.deepEqual(answer, { pod: 'web-1', version: '1.0.0', served: 1 })
  ctx.stop()
  await running
  assert.equal(ctx.lines.at(-1), 'stopped after 1 request(s)')
})
