import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAgentConformance } from '@stark/shared/testing'
import { createNodeRuntime } from './runtime'
import { startTestPeer } from './test-peer'

const TOKEN = 'conformance-token'

runAgentConformance({
  name: 'node-node (worker_threads, ws, files)',
  async createHarness() {
    const peer = await startTestPeer({ acceptToken: (t) => t === TOKEN || t.startsWith('node-token-') })
    const homes: string[] = []
    return {
      serverUrl: peer.serverUrl,
      server: peer.server,
      token: TOKEN,
      async createRuntime({ name }) {
        const home = await mkdtemp(join(tmpdir(), 'stark-node-'))
        homes.push(home)
        return createNodeRuntime({ home, name })
      },
      serveBundle: async (source) => peer.serveBundle(source),
      async close() {
        await peer.close()
        await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })))
      },
    }
  },
})
