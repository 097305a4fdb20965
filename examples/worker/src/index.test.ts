import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runPack } from '@stark/pack/testing'
import main, { primesBelow } from './index'

test('the sieve', () => {
  assert.deepEqual(primesBelow(20), [2, 3, 5, 7, 11, 13, 17, 19])
})

test('counts the primes below its argument and returns', async () => {
  const result = await runPack(main, { args: ['1000'] })
  assert.equal(result.status, 'Succeeded')
  assert.deepEqual(result.lines, ['168 primes below 1000; the largest is 997 (node)'])
})

test('a bad argument fails the pod with a reason', async () => {
  const result = await runPack(main, { args: ['many'] })
  assert.equal(result.status, 'Failed')
  assert.match(String(result.error), /whole number/)
})
