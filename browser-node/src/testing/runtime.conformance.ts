/**
 * The agent runtime conformance suite, run in real Chromium (vitest browser mode, see
 * vitest.browser.config.ts): the browser runtime — page WebSocket, IndexedDB, Cache Storage,
 * sandboxed Comlink workers — against a real WebSocket + HTTP peer. Driven by e2e/browser.
 */
import { inject } from 'vitest'
import { createFakeServer, runAgentConformance, type FakeServer } from '@stark/shared/testing'
import { createBrowserRuntime, loadWorkerSource } from '../runtime/runtime'

const TOKEN = 'conformance-token'
const workerSource = loadWorkerSource('/pack-worker.js')

/** Connects a FakeServer in this page to the peer's relay for one session. */
async function relay(peerUrl: string, session: string): Promise<{ server: FakeServer; close(): void }> {
  const server = createFakeServer()
  const control = new WebSocket(`${peerUrl.replace(/^http/, 'ws')}/s/${session}/control`)
  const endpoints = new Map<number, ReturnType<FakeServer['accept']>>()
  control.onmessage = (e) => {
    const m = JSON.parse(String(e.data)) as {
      t: string
      id: number
      token?: string
      data?: string
      code?: number
      reason?: string
    }
    const send = (msg: object) => control.send(JSON.stringify({ ...msg, id: m.id }))
    if (m.t === 'open') {
      endpoints.set(
        m.id,
        server.accept(
          { send: (data) => send({ t: 'send', data }), close: (code, reason) => send({ t: 'close', code, reason }) },
          m.token ?? '',
        ),
      )
    } else if (m.t === 'frame') endpoints.get(m.id)?.receive(m.data)
    else if (m.t === 'closed') endpoints.get(m.id)?.closed(m.code ?? 1006, m.reason ?? '')
  }
  await new Promise<void>((resolve, reject) => {
    control.onopen = () => resolve()
    control.onerror = () => reject(new Error('could not reach the conformance peer'))
  })
  return { server, close: () => control.close() }
}

let sessions = 0

runAgentConformance({
  name: 'browser-node (sandboxed Comlink workers, page WebSocket, IndexedDB, Cache Storage)',
  async createHarness() {
    const peerUrl = inject('starkPeerUrl')
    const session = `t${Date.now().toString(36)}${++sessions}`
    const base = `${peerUrl}/s/${session}`
    const { server, close } = await relay(peerUrl, session)
    return {
      serverUrl: base,
      server,
      token: TOKEN,
      createRuntime: ({ name }) =>
        createBrowserRuntime({
          name,
          workerSource,
          database: `stark-conformance-${session}-${name}`,
          bundleCache: `stark-conformance-${session}`,
        }),
      async serveBundle(source) {
        const res = await fetch(`${base}/bundles`, { method: 'POST', body: source })
        const { sha256 } = (await res.json()) as { sha256: string }
        return { sha256, url: `${base}/api/bundles/${sha256}` }
      },
      async close() {
        close()
        document.querySelectorAll('iframe[data-stark-sandbox]').forEach((f) => f.remove())
      },
    }
  },
})
