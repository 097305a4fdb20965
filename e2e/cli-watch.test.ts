/**
 * `stark pod list -w` as a real process: it prints the table, then a row for each change as it
 * happens — a pod created and then deleted by another command shows up, Pending then Stopped —
 * and Ctrl-C ends it with status 0 and nothing on stderr.
 */
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from './harness/processes'
import { type StarkServer, savedAccessToken, stark, starkBin, startServer, tempHome } from './harness/stark'

const home = tempHome()
let server: StarkServer
const BUNDLE = `export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`

beforeAll(async () => {
  server = await startServer({ home: home.path })
  const setup = await stark(home.path, server.url, [
    'auth',
    'setup',
    '--email',
    'admin@example.com',
    '--password',
    'watch-test-password-1',
  ])
  expect(setup.code, setup.stderr).toBe(0)
  const res = await fetch(`${server.url}/api/packs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${savedAccessToken(home.path, server.url)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'idle', version: '1.0.0', bundle: BUNDLE }),
  })
  expect(res.status).toBe(201)
  expect((await stark(home.path, server.url, ['pod', 'create', 'idle', '--name', 'before-watch'])).code).toBe(0)
}, 120_000)
afterAll(async () => {
  await server?.stop()
  home.remove()
})

describe('stark pod list -w', () => {
  it('prints the table, then each change as a row, until Ctrl-C (exit 0)', async () => {
    const child = spawn(process.execPath, [starkBin, 'pod', 'list', '-w', '-o', 'table'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STARK_HOME: home.path, STARK_API_URL: server.url, NO_COLOR: '1' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    const lines = () => stdout.split('\n').filter(Boolean)
    const rowsOf = (name: string) => lines().filter((l) => l.split(/\s+/)[0] === name)
    try {
      // The table first: its header, and the pod that was there before.
      await until(() => rowsOf('before-watch').length > 0, { what: 'the first table' })
      expect(lines()[0]).toMatch(/^NAME\s+/)

      expect((await stark(home.path, server.url, ['pod', 'create', 'idle', '--name', 'watched'])).code).toBe(0)
      await until(() => rowsOf('watched').some((l) => /\bPending\b/.test(l)), { what: 'a row for the new pod' })
      expect((await stark(home.path, server.url, ['pod', 'delete', 'watched'])).code).toBe(0)
      await until(() => rowsOf('watched').some((l) => /\bStopped\b/.test(l)), { what: 'a row for the deleted pod' })
      // The header came once; every change is a row of the same table.
      expect(lines().filter((l) => /^NAME\s+/.test(l))).toHaveLength(1)
      // The pod listed first is not sent again (the watch starts from the list's resourceVersion).
      expect(rowsOf('before-watch')).toHaveLength(1)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
  }, 120_000)
})
