/**
 * Decoding and encoding of WebSocket frames. `decode` never throws: bad input yields a
 * ProtocolError the caller sends back as an `error` message.
 */
import { err, ok, type Result } from '../result'
import { ProtocolErrorCode, type ProtocolError } from './errors'
import { messages, type Envelope, type Message, type MessageType, type PayloadInput, type Direction } from './messages'
import { plainHeartbeat } from './plain-heartbeat'
import { MAX_MESSAGE_BYTES } from './version'

export interface DecodeFailure extends ProtocolError {
  /** What could be read of the bad message, to address the error reply. */
  type?: string
  id?: string
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function byteLength(text: string): number {
  // Upper bound without allocating: UTF-16 units × 3 covers any encoding; exact only when needed.
  if (text.length * 3 <= MAX_MESSAGE_BYTES) return text.length
  return new TextEncoder().encode(text).length
}

function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ')
}

/**
 * Decodes one frame. `accept` limits which directions are valid for the receiving side
 * (the server accepts agent→server, an agent server→agent; `error` is valid both ways).
 */
export function decode(raw: unknown, accept: Exclude<Direction, 'both'>): Result<Message, DecodeFailure> {
  if (typeof raw !== 'string') return err({ code: ProtocolErrorCode.Malformed, message: 'frames must be JSON text' })
  if (byteLength(raw) > MAX_MESSAGE_BYTES) {
    return err({ code: ProtocolErrorCode.TooLarge, message: `message exceeds ${MAX_MESSAGE_BYTES} bytes` })
  }
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return err({ code: ProtocolErrorCode.Malformed, message: 'message is not valid JSON' })
  }
  if (!isRecord(data) || typeof data.type !== 'string') {
    return err({ code: ProtocolErrorCode.Malformed, message: 'message must be an object with a string "type"' })
  }
  const idValue = typeof data.id === 'string' && data.id.length <= 128 ? data.id : undefined
  const where = { type: data.type.slice(0, 64), ...(idValue !== undefined ? { id: idValue } : {}) }
  if (data.id !== undefined && idValue === undefined) {
    return err({ ...where, code: ProtocolErrorCode.Malformed, message: '"id" must be a string of at most 128 characters' })
  }
  if (data.replyTo !== undefined && (typeof data.replyTo !== 'string' || data.replyTo.length > 128)) {
    return err({ ...where, code: ProtocolErrorCode.Malformed, message: '"replyTo" must be a string of at most 128 characters' })
  }
  const def = Object.hasOwn(messages, data.type) ? messages[data.type as MessageType] : undefined
  if (!def || (def.direction !== 'both' && def.direction !== accept)) {
    return err({ ...where, code: ProtocolErrorCode.UnknownType, message: `unknown message type "${where.type}"` })
  }
  // The most frequent message skips the schema when it is the plain case (same value, fewer allocations).
  const plain = def.type === 'node:heartbeat' ? plainHeartbeat(data.payload ?? {}) : undefined
  const parsed = plain ? { success: true as const, data: plain } : def.payload.safeParse(data.payload ?? {})
  if (!parsed.success) {
    return err({
      ...where,
      code: ProtocolErrorCode.InvalidPayload,
      message: `invalid ${def.type} payload: ${formatIssues(parsed.error.issues)}`,
    })
  }
  const message: Envelope = { type: def.type, payload: parsed.data as never }
  if (idValue !== undefined) message.id = idValue
  if (typeof data.replyTo === 'string') message.replyTo = data.replyTo
  return ok(message as Message)
}

/** Encodes a message; the payload is typed by its `type`. */
export function encode<T extends MessageType>(
  type: T,
  payload: PayloadInput<T>,
  extra: { id?: string; replyTo?: string } = {},
): string {
  return JSON.stringify({ type, ...extra, payload })
}

/** Encodes an `error` reply to a failed or refused message (cut to what an `error` may carry). */
export function encodeError(code: ProtocolErrorCode, message: string, about?: { type?: string; id?: string }): string {
  return encode(
    'error',
    { code, message: message.slice(0, 4096), ...(about?.type ? { about: about.type.slice(0, 64) } : {}) },
    about?.id && about.id.length <= 128 ? { replyTo: about.id } : {},
  )
}
