/**
 * UI packs ("UI is just another workload"): a pack that declares `export const view = true` runs
 * in a visible sandboxed frame in the node page instead of a worker. The frame has an opaque origin
 * (`sandbox="allow-scripts"`, no `allow-same-origin`), so the pack owns its document and nothing
 * of the app's. It gets `ctx.view` (its document's body); console output becomes the pod's log; a
 * stop aborts `ctx.signal`, and after the grace period the frame is removed.
 */

/** The frame's program: run the pack the parent sends; report lines and the result on a port. */
const VIEW_HOST = `
addEventListener('message', async (e) => {
  if (e.source !== parent || !e.data || e.data.type !== 'stark:view' || !e.ports[0]) return
  const port = e.ports[0]
  const controller = new AbortController()
  port.onmessage = (m) => { if (m.data && m.data.type === 'abort') controller.abort() }
  const fmt = (v) => typeof v === 'string' ? v : v instanceof Error ? (v.stack || v.message) : (() => { try { return JSON.stringify(v) } catch { return String(v) } })()
  const out = (stream) => (...args) => { for (const line of args.map(fmt).join(' ').split(/\\r?\\n/)) port.postMessage({ stream, line }) }
  const log = out('stdout'), err = out('stderr')
  globalThis.console = { ...console, log, info: log, debug: log, warn: err, error: err, trace: err }
  addEventListener('error', (ev) => err('uncaught:', ev.error || ev.message))
  addEventListener('unhandledrejection', (ev) => err('unhandled rejection:', ev.reason))
  const url = URL.createObjectURL(new Blob([e.data.source], { type: 'text/javascript' }))
  try {
    const mod = await import(url)
    if (typeof mod.default !== 'function') throw new Error('the bundle has no default export function')
    await mod.default({ ...e.data.ctx, signal: controller.signal, log, view: document.body })
    port.postMessage({ result: { status: 'Succeeded' } })
  } catch (error) {
    err(error)
    port.postMessage({ result: { status: 'Failed', message: error && error.message ? error.message : String(error) } })
  }
})
`

export const VIEW_SRCDOC = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><style>body{margin:0;font-family:system-ui,sans-serif}</style></head><body><script>${VIEW_HOST}</script></body></html>`

export interface ViewFrame {
  frame: HTMLIFrameElement
  ready: Promise<void>
  start(source: string, ctx: unknown, port: MessagePort): void
  remove(): void
}

/** A visible frame for one UI pod, in `container` (the page's views area), titled with the pod. */
export function createViewFrame(container: HTMLElement, title: string): ViewFrame {
  const box = document.createElement('figure')
  box.className = 'pack-view'
  const caption = document.createElement('figcaption')
  caption.textContent = title
  const frame = document.createElement('iframe')
  frame.setAttribute('sandbox', 'allow-scripts')
  frame.setAttribute('title', title)
  frame.dataset.starkView = title
  const ready = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }))
  frame.srcdoc = VIEW_SRCDOC
  box.append(caption, frame)
  container.append(box)
  container.hidden = false
  return {
    frame,
    ready,
    start: (source, ctx, port) => frame.contentWindow?.postMessage({ type: 'stark:view', source, ctx }, '*', [port]),
    remove() {
      box.remove()
      if (!container.children.length) container.hidden = true
    },
  }
}
