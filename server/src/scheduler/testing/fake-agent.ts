/**
 * A lightweight protocol client for scheduler integration tests and benchmarks: it registers a
 * node over the real WebSocket, answers every `pod:assign` with Running and every `pod:stop`
 * with Stopped, and records what it was told.
 */
import WebSocket from 'ws'
import type { Labels, Resources, Taint } from '@stark/shared'

export interface FakeAgentOptions {
  name: string
  runtime?: 'node' | 'browser'
  labels?: Labels
  taints?: Taint[]
  allocatable?: Resources
  /** Pack versions whose runs this agent reports Failed at once (a broken release). */
  failVersions?: readonly string[]
}

export interface FakeAgent {
  nodeId: string
  /** `pod:assign` payloads received, in order. */
  assigned: { podId: string; name: string; incarnation: number }[]
  /** `pod:stop` payloads received, in order. */
  stopped: { podId: string; incarnation: number; reason: string }[]
  close(): Promise<void>
}

export async function connectFakeAgent(baseUrl: string, token: string, o: FakeAgentOptions): Promise<FakeAgent> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  const agent: FakeAgent = {
    nodeId: '',
    assigned: [],
    stopped: [],
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve()
        ws.once('close', () => resolve())
        ws.close()
      }),
  }
  const send = (type: string, payload: unknown) => ws.send(JSON.stringify({ type, payload }))
  const registered = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; payload: any }
      if (m.type === 'node:registered') {
        agent.nodeId = m.payload.nodeId
        resolve()
      } else if (m.type === 'pod:assign') {
        const { podId, name, incarnation } = m.payload.pod
        agent.assigned.push({ podId, name, incarnation })
        if (o.failVersions?.includes(m.payload.pod.pack?.version))
          send('pod:status', { podId, incarnation, status: 'Failed', reason: 'Error', message: 'broken release', exitCode: 1 })
        else send('pod:status', { podId, incarnation, status: 'Running' })
      } else if (m.type === 'pod:stop') {
        agent.stopped.push({ podId: m.payload.podId, incarnation: m.payload.incarnation, reason: m.payload.reason })
        send('pod:status', { podId: m.payload.podId, incarnation: m.payload.incarnation, status: 'Stopped' })
      } else if (m.type === 'error' && !agent.nodeId) reject(new Error(m.payload.message))
    })
    ws.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)))
  })
  send('node:register', {
    protocol: 1,
    name: o.name,
    runtime: o.runtime ?? 'node',
    labels: o.labels ?? {},
    taints: o.taints ?? [],
    allocatable: o.allocatable ?? { cpu: 4000, memory: 4096, pods: 110 },
  })
  await registered
  return agent
}
