/**
 * The CLI's long-running commands as real processes:
 * - `stark pod list -w` prints the table, then a row for each change as it happens — a pod created
 *   and then deleted by another command shows up, Pending then Stopped — and Ctrl-C ends it with
 *   status 0 and nothing on stderr;
 * - as the first stage of a shell pipe whose reader goes away (`stark events -f | head -1`), the
 *   CLI exits quietly (status 0, nothing on stderr) instead of printing an EPIPE error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from './harness/processes'
import { type StarkServer, savedAccessToken, spawnStark, stark, startServerWithAdmin, tempHome } from './harness/stark'

const home = tempHome()
let server: StarkServer
const BUNDLE = `export default async function main(ctx) { await new Promise((r) => ctx.signal.addEventListener('abort', r)) }`
const cli = (args: string[]) => stark(home.path, server.url, args)

beforeAll(async () => {
  server = await startServerWithAdmin(home.path)
  const res = await fetch(`${server.url}/api/packs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${savedAccessToken(home.path, server.url)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'idle', version: '1.0.0', bundle: BUNDLE }),
  })
  expect(res.status).toBe(201)
  expect((await cli(['pod', 'create', 'idle', '--name', 'before-watch'])).code).toBe(0)
}, 120_000)
afterAll(async () => {
  await server?.stop()
  home.remove()
})

describe('stark pod list -w', () => {
  it('prints the table, then each change as a row, until Ctrl-C (exit 0)', async () => {
    const watch = spawnStark(home.path, server.url, ['pod', 'list', '-w', '-o', 'table'])
    const lines = () => watch.stdout().split('\n').filter(Boolean)
    const rowsOf = (name: string) => lines().filter((l) => l.split(/\s+/)[0] === name)
    try {
      // The table first: its header, and the pod that was there before.
      await until(() => rowsOf('before-watch').length > 0, { what: 'the first table' })
      expect(lines()[0]).toMatch(/^NAME\s+/)

      expect((await cli(['pod', 'create', 'idle', '--name', 'watched'])).code).toBe(0)
      await until(() => rowsOf('watched').some((l) => /\bPending\b/.test(l)), { what: 'a row for the new pod' })
      expect((await cli(['pod', 'delete', 'watched'])).code).toBe(0)
      await until(() => rowsOf('watched').some((l) => /\bStopped\b/.test(l)), { what: 'a row for the deleted pod' })
      // The header came once; every change is a row of the same table.
      expect(lines().filter((l) => /^NAME\s+/.test(l))).toHaveLength(1)
      // The pod listed first is not sent again (the watch starts from the list's resourceVersion).
      expect(rowsOf('before-watch')).toHaveLength(1)
    } finally {
      watch.child.kill('SIGINT')
    }
    expect(await watch.exited).toBe(0)
    expect(watch.stderr()).toBe('')
  }, 120_000)
})

describe('stark into a pipe whose reader goes away', () => {
  it('a following command (events -f) exits 0 with nothing on stderr', async () => {
    expect((await cli(['namespace', 'create', 'pipe-first'])).code).toBe(0)
    const follow = spawnStark(home.path, server.url, ['events', '-f', '-o', 'json'])
    // Like `head -1`: read the first line, then close the pipe.
    await until(() => follow.stdout().includes('\n'), { what: 'the first event line' })
    follow.child.stdout?.destroy()
    // New events make the CLI write into the closed pipe.
    let n = 0
    await until(
      async () => {
        await cli(['namespace', 'create', `pipe-${n++}`])
        return follow.child.exitCode !== null || follow.child.signalCode !== null
      },
      { what: 'the CLI to exit after its reader went away', timeoutMs: 60_000 },
    )
    expect(follow.stderr()).toBe('')
    expect(await follow.exited).toBe(0)
  }, 120_000)
})
