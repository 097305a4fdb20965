/**
 * The few globals every JavaScript runtime Stark targets (Node.js 20, browsers, workers) provides.
 * `shared` compiles against these alone, so Node- or DOM-only APIs cannot creep into the contract.
 */
declare global {
  interface Console {
    log(...data: unknown[]): void
    info(...data: unknown[]): void
    warn(...data: unknown[]): void
    error(...data: unknown[]): void
    debug(...data: unknown[]): void
  }
  var console: Console

  interface AbortSignal {
    readonly aborted: boolean
    readonly reason: unknown
    addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void
    removeEventListener(type: 'abort', listener: () => void): void
    throwIfAborted(): void
  }
  interface AbortController {
    readonly signal: AbortSignal
    abort(reason?: unknown): void
  }
  var AbortController: { new (): AbortController; prototype: AbortController }

  function setTimeout(handler: () => void, timeout?: number): unknown
  function clearTimeout(id: unknown): void
  function queueMicrotask(callback: () => void): void

  interface TextEncoder { encode(input?: string): Uint8Array }
  var TextEncoder: { new (): TextEncoder }
  interface TextDecoder { decode(input?: Uint8Array, options?: { stream?: boolean }): string }
  var TextDecoder: { new (): TextDecoder }
}

export {}
