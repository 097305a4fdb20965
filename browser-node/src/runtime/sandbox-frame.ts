/**
 * The sandboxed frame a pack worker lives in: `sandbox="allow-scripts"` without
 * `allow-same-origin`, so the frame — and the worker it creates — has an opaque origin. Code there
 * cannot open the app's IndexedDB, Cache Storage or localStorage, read its cookies, or reach into
 * the parent page; it only gets the ports the page hands it.
 *
 * The frame's document is inline (srcdoc) so it needs no network: it works offline too. The worker
 * comes from a data: URL, not a blob: one: in an opaque origin a blob: worker is no secure context
 * (so it would lack navigator.gpu for WebGPU pods), a data: worker is one, with its origin still opaque.
 */

/** The frame's whole program: start one worker from the source the parent sends, or end it. */
const HOST_SCRIPT = `
let worker
addEventListener('message', (e) => {
  if (e.source !== parent) return
  const d = e.data || {}
  if (d.type === 'stark:start' && !worker && typeof d.workerSource === 'string') {
    const url = 'data:text/javascript;charset=utf-8,' + encodeURIComponent(d.workerSource)
    worker = new Worker(url, { name: String(d.name || 'pod') })
    worker.postMessage({ type: 'stark:connect' }, [...e.ports])
  } else if (d.type === 'stark:terminate' && worker) {
    worker.terminate()
  }
})
`

export const SANDBOX_SRCDOC = `<!doctype html><html><head><meta charset="utf-8"></head><body><script>${HOST_SCRIPT}</script></body></html>`

export interface SandboxFrame {
  frame: HTMLIFrameElement
  /** Resolves once the frame's script runs and can take messages. */
  ready: Promise<void>
  post(message: unknown, transfer?: Transferable[]): void
  remove(): void
}

/** Creates a hidden sandboxed frame inside `container`. */
export function createSandboxFrame(container: HTMLElement, title: string): SandboxFrame {
  const frame = document.createElement('iframe')
  frame.setAttribute('sandbox', 'allow-scripts')
  frame.setAttribute('title', title)
  frame.setAttribute('aria-hidden', 'true')
  frame.dataset.starkSandbox = ''
  frame.style.cssText = 'display:none;width:0;height:0;border:0'
  const ready = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }))
  frame.srcdoc = SANDBOX_SRCDOC
  container.appendChild(frame)
  return {
    frame,
    ready,
    // The frame's origin is opaque ("null"): '*' is the only target origin that reaches it.
    post: (message, transfer = []) => frame.contentWindow?.postMessage(message, '*', transfer),
    remove: () => frame.remove(),
  }
}
