/**
 * A protocol agent for benchmarks with several servers: like the Node agent, it is given a list
 * of servers, uses one, and when that connection drops registers again with the next one under
 * the same node id, reporting the runs it holds (so they are kept). It answers every `pod:assign`
 * with Running and every `pod:stop` with Stopped, at once.
 */
import WebSocket from 'ws'
import type { Resources } from '@stark/shared'

export interface MovingAgent {
  readonly nodeId: string
  /** The server it is connected to now. */
  readonly server: string
  /** Times it registered (the first time included). */
  readonly registrations: number
  close(): Promise<void>
}

export async function connectMovingAgent(
  urls: readonly string[],
  token: string,
  o: { name: string; allocatable: Resources },
): Promise<MovingAgent> {
  const runs = new Map<string, number>()
  let nodeId = ''
  let at = 0
  let registrations = 0
  let closing = false
  let ws: WebSocket | undefined
  let firstRegistered: (() => void) | undefined
  const first = new Promise<void>((resolve) => (firstRegistered = resolve))

  const send = (type: string, payload: unknown) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type, payload }))
  }
  function connect() {
    if (closing) return
    const socket = new WebSocket(`${urls[at]!.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } })
    ws = socket
    socket.on('error', () => {})
    socket.on('open', () =>
      send('node:register', {
        protocol: 1,
        ...(nodeId ? { nodeId } : {}),
        name: o.name,
        runtime: 'node',
        labels: {},
        taints: [],
        allocatable: o.allocatable,
        pods: [...runs].map(([podId, incarnation]) => ({ podId, incarnation, status: 'Running' })),
      }),
    )
    socket.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; payload: any }
      if (m.type === 'node:registered') {
        nodeId = m.payload.nodeId
        registrations++
        firstRegistered?.()
      } else if (m.type === 'pod:assign') {
        const { podId, incarnation } = m.payload.pod
        runs.set(podId, incarnation)
        send('pod:status', { podId, incarnation, status: 'Running' })
      } else if (m.type === 'pod:stop') {
        if (runs.get(m.payload.podId) === m.payload.incarnation) runs.delete(m.payload.podId)
        send('pod:status', { podId: m.payload.podId, incarnation: m.payload.incarnation, status: 'Stopped' })
      }
    })
    socket.on('close', () => {
      if (closing || socket !== ws) return
      // The next server, at once; a round through all of them that failed waits a moment.
      at = (at + 1) % urls.length
      setTimeout(connect, at === 0 ? 200 : 0)
    })
  }
  connect()
  await first
  return {
    get nodeId() {
      return nodeId
    },
    get server() {
      return urls[at]!
    },
    get registrations() {
      return registrations
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true
        if (!ws || ws.readyState === WebSocket.CLOSED) return resolve()
        ws.once('close', () => resolve())
        ws.close()
      }),
  }
}
