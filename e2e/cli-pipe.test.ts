/**
 * The CLI as the first stage of a shell pipe: when the reader goes away (`stark events -f | head -1`),
 * the CLI exits quietly (status 0, nothing on stderr) instead of printing an EPIPE error.
 */
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from './harness/processes'
import { type StarkServer, stark, starkBin, startServer, tempHome } from './harness/stark'

const home = tempHome()
let server: StarkServer

beforeAll(async () => {
  server = await startServer({ home: home.path })
  const setup = await stark(home.path, server.url, [
    'auth',
    'setup',
    '--email',
    'admin@example.com',
    '--password',
    'pipe-test-password-1',
  ])
  expect(setup.code, setup.stderr).toBe(0)
})
afterAll(async () => {
  await server?.stop()
  home.remove()
})

describe('stark into a pipe whose reader goes away', () => {
  it('a following command (events -f) exits 0 with nothing on stderr', async () => {
    expect((await stark(home.path, server.url, ['namespace', 'create', 'pipe-first'])).code).toBe(0)
    const child = spawn(process.execPath, [starkBin, 'events', '-f', '-o', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STARK_HOME: home.path, STARK_API_URL: server.url, NO_COLOR: '1' },
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // Like `head -1`: read the first line, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    child.stdout.destroy()
    // New events make the CLI write into the closed pipe.
    let n = 0
    await until(
      async () => {
        await stark(home.path, server.url, ['namespace', 'create', `pipe-${n++}`])
        return child.exitCode !== null || child.signalCode !== null
      },
      { what: 'the CLI to exit after its reader went away', timeoutMs: 60_000 },
    )
    expect(stderr).toBe('')
    expect(await exited).toBe(0)
  })
})
