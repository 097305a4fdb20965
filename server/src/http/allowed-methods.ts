/**
 * Which methods a path answers, from the app's own route table: a request with another method gets
 * 405 with `Allow` (RFC 9110) instead of a 404 that would say the resource does not exist.
 */
export interface RouteEntry {
  method: string
  path: string
}

const patternCache = new WeakMap<readonly RouteEntry[], { method: string; re: RegExp }[]>()

function compile(path: string): RegExp {
  const parts = path.split('/').map((seg) => {
    if (seg === '*') return '.*'
    if (seg.startsWith(':')) return seg.endsWith('?') ? '[^/]*' : '[^/]+'
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  })
  return new RegExp(`^${parts.join('/')}/?$`)
}

/** The methods (upper case, sorted, with HEAD beside GET) of the routes matching `path`; [] when none. */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  let compiled = patternCache.get(routes)
  if (!compiled) {
    compiled = routes
      .filter((r) => r.method !== 'ALL' && !r.path.endsWith('*'))
      .map((r) => ({ method: r.method.toUpperCase(), re: compile(r.path) }))
    patternCache.set(routes, compiled)
  }
  const methods = new Set(compiled.filter((r) => r.re.test(path)).map((r) => r.method))
  if (methods.has('GET')) methods.add('HEAD')
  return [...methods].sort()
}
