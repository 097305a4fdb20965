/** One example request of the OpenAPI document, with the status it gets (see openapi-examples.ts). */
export interface ApiExample {
  /** `<method> <OpenAPI path>`, e.g. `get /api/pods/{ref}`. */
  op: string
  name: string
  summary: string
  params?: Record<string, string>
  query?: Record<string, string>
  body?: unknown
  /** The status the server answers with. */
  status: number
  /** Credentials to send: an admin's access token (default), none, or the static metrics token. */
  auth?: 'admin' | 'none'
}
