/**
 * A simulated node for the server benchmarks: one real WebSocket that registers, heartbeats at the
 * interval the server gives it with the runs it holds (as a real agent does: a run missing from a
 * heartbeat is lost), says Running to every pod:assign and Stopped to every pod:stop.
 */
import WebSocket from 'ws'
import { encode, PROTOCOL_VERSION } from '@stark/shared'

export interface SimNode {
  /** Runs held now. */
  running(): number
  close(): void
}

export function joinSimNode(
  serverUrl: string,
  headers: Record<string, string>,
  name: string,
  options: { pods?: number; onAssign?: () => void } = {},
): Promise<SimNode> {
  return new Promise((resolve, reject) => {
    const runs = new Map<string, number>()
    let timer: ReturnType<typeof setInterval> | undefined
    const ws = new WebSocket(`${serverUrl.replace('http', 'ws')}/ws`, { headers })
    const node: SimNode = {
      running: () => runs.size,
      close() {
        clearInterval(timer)
        ws.terminate()
      },
    }
    const report = () => [...runs].map(([podId, incarnation]) => ({ podId, incarnation, status: 'Running' as const }))
    ws.on('error', reject)
    // Closed before it registered (the server refused or gave up on it): say so instead of waiting.
    ws.on('close', (code, reason) => reject(new Error(`node ${name}: closed before registering (${code} ${reason})`)))
    ws.on('open', () =>
      ws.send(
        encode('node:register', {
          protocol: PROTOCOL_VERSION,
          name,
          runtime: 'node',
          labels: {},
          taints: [],
          allocatable: { cpu: 64_000, memory: 256_000, pods: options.pods ?? 110 },
          pods: [],
        }),
      ),
    )
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; payload: any }
      if (m.type === 'node:registered') {
        timer = setInterval(() => ws.send(encode('node:heartbeat', { pods: report() })), m.payload.heartbeatIntervalMs)
        resolve(node)
      } else if (m.type === 'pod:assign') {
        const { podId, incarnation } = m.payload.pod
        runs.set(podId, incarnation)
        ws.send(encode('pod:status', { podId, incarnation, status: 'Running' }))
        options.onAssign?.()
      } else if (m.type === 'pod:stop') {
        const { podId, incarnation } = m.payload
        if (runs.get(podId) === incarnation) runs.delete(podId)
        ws.send(encode('pod:status', { podId, incarnation, status: 'Stopped' }))
      } else if (m.type === 'error') reject(new Error(`node ${name}: ${JSON.stringify(m.payload)}`))
    })
  })
}
