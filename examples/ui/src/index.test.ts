import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runPack } from '@stark/pack/testing'
import main, { view } from './index'

/** Just enough of a document for the pack: elements with text, a body that keeps what is appended. */
function fakeBody() {
  const shown: { textContent: string }[] = []
  return {
    shown,
    ownerDocument: { createElement: () => ({ textContent: '' }) },
    append: (...els: { textContent: string }[]) => shown.push(...els),
  }
}

test('declares a view, shows its title and a time, and closes when stopped', async () => {
  assert.equal(view, true)
  const body = fakeBody()
  const result = await runPack((ctx) => main({ ...ctx, runtime: 'browser', view: body } as never), {
    env: { TITLE: 'Lobby' },
    stopWhen: (line) => line.startsWith('showing'),
  })
  assert.equal(result.status, 'Succeeded')
  assert.deepEqual(result.lines, ['showing "Lobby"', 'view closed'])
  assert.equal(body.shown[0]?.textContent, 'Lobby')
  assert.match(body.shown[1]?.textContent ?? '', /\d/)
})
