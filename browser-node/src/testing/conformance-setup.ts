/** vitest globalSetup (Node) for the browser conformance run: starts the relay peer. */
import type { TestProject } from 'vitest/node'
import { startConformancePeer } from './conformance-peer'

export const CONFORMANCE_TOKEN = 'conformance-token'

declare module 'vitest' {
  export interface ProvidedContext {
    starkPeerUrl: string
  }
}

export default async function setup(project: TestProject) {
  const peer = await startConformancePeer((t) => t === CONFORMANCE_TOKEN || t.startsWith('node-token-'))
  project.provide('starkPeerUrl', peer.url)
  return () => peer.close()
}
