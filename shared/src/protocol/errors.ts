/** Error codes carried by `error` messages, one table for both sides. */
export const ProtocolErrorCode = {
  /** Not JSON, or not an object with a string `type`. */
  Malformed: 'malformed',
  /** A `type` this side does not know. */
  UnknownType: 'unknown-type',
  /** A known type whose payload failed validation. */
  InvalidPayload: 'invalid-payload',
  /** Larger than MAX_MESSAGE_BYTES. */
  TooLarge: 'too-large',
  /** A message this peer may not send in its state or role (e.g. a pod it does not run). */
  Forbidden: 'forbidden',
  /** The message was sent before `node:register` succeeded. */
  NotRegistered: 'not-registered',
  ProtocolVersion: 'protocol-version',
  Conflict: 'conflict',
  RateLimited: 'rate-limited',
  Internal: 'internal',
} as const
export type ProtocolErrorCode = (typeof ProtocolErrorCode)[keyof typeof ProtocolErrorCode]

export interface ProtocolError {
  code: ProtocolErrorCode
  message: string
}
