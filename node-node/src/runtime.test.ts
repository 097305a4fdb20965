import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAgentConformance } from '@stark/shared/testing'
import { createNodeRuntime, isolations, type NodeAgentRuntime } from './runtime'
import { startTestPeer } from './test-peer'

const TOKEN = 'conformance-token'

for (const isolation of isolations) {
  runAgentConformance({
    name: `node-node (${isolation === 'process' ? 'a process per pod under the permission model' : 'worker_threads'}, ws, files)`,
    async createHarness() {
      const peer = await startTestPeer({ acceptToken: (t) => t === TOKEN || t.startsWith('node-token-') })
      const homes: string[] = []
      const runtimes: NodeAgentRuntime[] = []
      return {
        serverUrl: peer.serverUrl,
        server: peer.server,
        token: TOKEN,
        async createRuntime({ name }) {
          const home = await mkdtemp(join(tmpdir(), 'stark-node-'))
          homes.push(home)
          const runtime = createNodeRuntime({ home, name, isolation })
          runtimes.push(runtime)
          return runtime
        },
        serveBundle: async (source) => peer.serveBundle(source),
        async close() {
          for (const r of runtimes) r.close()
          await peer.close()
          await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })))
        },
      }
    },
  })
}
