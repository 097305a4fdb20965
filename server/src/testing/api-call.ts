/**
 * One REST call as tests make it: the body as JSON (a string is sent as it is, for malformed
 * input), a Bearer token and headers each only when given; the answer's body parsed as JSON, or
 * its text when it is not JSON.
 */

export interface ApiAnswer {
  status: number
  body: any
}

export interface ApiCall {
  body?: unknown
  token?: string | undefined
  headers?: Record<string, string>
}

/** The status and the body (JSON when it parses, else the text) of `res`. */
export async function readAnswer(res: Response): Promise<ApiAnswer> {
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  return { status: res.status, body }
}

/** Calls `base + path` over HTTP. */
export async function callApi(base: string, method: string, path: string, call: ApiCall = {}): Promise<ApiAnswer> {
  const { body, token, headers = {} } = call
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  })
  return readAnswer(res)
}
