/**
 * A benchmark's look inside the server it started with `--inspect=127.0.0.1:0`: the Chrome DevTools
 * protocol over the inspector's WebSocket, for a CPU profile of one phase, a heap snapshot, or an
 * expression evaluated in the server (`process.memoryUsage()`). The files it writes open in Chrome's
 * DevTools (or `node bench/heap-summary.mjs` for a snapshot).
 */
import { createWriteStream, writeFileSync } from 'node:fs'
import WebSocket from 'ws'

/** The `--inspect` flag for the server's NODE_OPTIONS, and the pattern of the line it prints. */
export const inspectFlag = '--inspect=127.0.0.1:0'
export const inspectorUrlPattern = /Debugger listening on (ws:\/\/\S+)/

export interface Inspector {
  evaluate<T>(expression: string): Promise<T>
  /** Runs `phase` with the CPU profiler on and writes the profile (`.cpuprofile`) to `path`. */
  profile<T>(path: string, phase: () => Promise<T>): Promise<T>
  heapSnapshot(path: string): Promise<void>
  close(): void
}

export async function connectInspector(url: string): Promise<Inspector> {
  const ws = new WebSocket(url, { maxPayload: 1 << 30 })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  let next = 1
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>()
  const events = new Map<string, (params: any) => void>()
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { id?: number; method?: string; params?: any; result?: any; error?: any }
    if (m.id !== undefined) {
      const p = pending.get(m.id)
      pending.delete(m.id)
      if (m.error) p?.reject(new Error(JSON.stringify(m.error)))
      else p?.resolve(m.result)
    } else if (m.method) events.get(m.method)?.(m.params)
  })
  const send = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) => {
      const id = next++
      pending.set(id, { resolve, reject })
      ws.send(JSON.stringify({ id, method, params }))
    })

  return {
    async evaluate<T>(expression: string) {
      const r = await send('Runtime.evaluate', { expression, returnByValue: true, includeCommandLineAPI: true })
      return r.result.value as T
    },
    async profile(path, phase) {
      await send('Profiler.enable')
      await send('Profiler.setSamplingInterval', { interval: 200 })
      await send('Profiler.start')
      try {
        return await phase()
      } finally {
        const { profile } = await send('Profiler.stop')
        writeFileSync(path, JSON.stringify(profile))
      }
    },
    async heapSnapshot(path) {
      const out = createWriteStream(path)
      events.set('HeapProfiler.addHeapSnapshotChunk', (p: { chunk: string }) => out.write(p.chunk))
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
      await new Promise((resolve) => out.end(resolve))
      events.delete('HeapProfiler.addHeapSnapshotChunk')
    },
    close: () => ws.close(),
  }
}
