/** A raw WebSocket client speaking Stark's protocol by hand, for gateway and fencing tests. */
import WebSocket from 'ws'

export interface RawClient {
  ws: WebSocket
  /** Messages received and not yet taken by next(). */
  messages: any[]
  closed: Promise<{ code: number; reason: string }>
  /** The next message of a type (already received or still to come). */
  next(type: string, timeoutMs?: number): Promise<any>
  send(type: string, payload: unknown, id?: string): void
}

export async function connectRaw(url: string, auth: { header?: string; protocol?: string }): Promise<RawClient> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', auth.protocol ? ['stark.v1', auth.protocol] : [], {
    headers: auth.header ? { authorization: auth.header } : {},
  })
  const messages: any[] = []
  const waiters: { type: string; resolve: (m: any) => void }[] = []
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString())
    const waiter = waiters.find((w) => w.type === m.type)
    if (!waiter) return void messages.push(m)
    waiters.splice(waiters.indexOf(waiter), 1)
    waiter.resolve(m)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise((resolve, reject) => {
    ws.on('open', resolve)
    ws.on('error', reject)
  })
  return {
    ws,
    messages,
    closed,
    next(type, timeoutMs = 10_000) {
      const seen = messages.find((m) => m.type === type)
      if (seen) {
        messages.splice(messages.indexOf(seen), 1)
        return Promise.resolve(seen)
      }
      return new Promise((resolve, reject) => {
        const waiter = { type, resolve: (m: any) => (clearTimeout(timer), resolve(m)) }
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1)
          reject(new Error(`no ${type} within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`))
        }, timeoutMs)
        waiters.push(waiter)
      })
    },
    send(type, payload, id) {
      ws.send(JSON.stringify({ type, ...(id ? { id } : {}), payload }))
    },
  }
}

export const registerPayload = (name: string, extra: Record<string, unknown> = {}) => ({
  protocol: 1,
  name,
  runtime: 'node',
  allocatable: { cpu: 4000, memory: 4096, pods: 50 },
  ...extra,
})
