/**
 * Several servers on one database (`--api-url a,b,c`): a request that gets no answer from the
 * first server (connection refused, reset, DNS) is sent to the next, and so on. A server that
 * answers — with any status — is the answer; a timeout or abort is not retried elsewhere.
 */
const isAbort = (error: unknown) => error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')

export function failoverFetch(fetchFn: typeof fetch, apiUrls: readonly string[]): typeof fetch {
  const [primary, ...others] = apiUrls
  if (!primary || others.length === 0) return fetchFn
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith(primary)) return fetchFn(input, init)
    const path = url.slice(primary.length)
    // A Request's body can be read once: keep a copy for the retries.
    const spare = input instanceof Request ? input.clone() : undefined
    let lastError: unknown
    for (const base of [primary, ...others]) {
      try {
        if (base === primary) return await fetchFn(input, init)
        const retry = spare ? new Request(base + path, spare.clone()) : base + path
        return await fetchFn(retry, init)
      } catch (error) {
        if (isAbort(error)) throw error
        lastError = error
      }
    }
    throw lastError
  }
}
