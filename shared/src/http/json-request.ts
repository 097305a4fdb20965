/**
 * The request of a JSON call to the REST API, the same for every client (tests, the simulation,
 * the dashboard): the body as JSON with its content type, and the Bearer token — each only when
 * given. Assignable to fetch's RequestInit.
 */
export interface JsonRequestInit {
  method: string
  headers: Record<string, string>
  body?: string
}

export function jsonRequest(method: string, body?: unknown, token?: string): JsonRequestInit {
  return {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  }
}
