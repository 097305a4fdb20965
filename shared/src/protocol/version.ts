/**
 * The protocol version an agent announces in `node:register`. The server accepts the versions in
 * SUPPORTED_PROTOCOL_VERSIONS and refuses others with a `protocol-version` error naming them.
 */
export const PROTOCOL_VERSION = 1
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1]

/** Largest WebSocket text frame either side accepts (bytes). */
export const MAX_MESSAGE_BYTES = 1024 * 1024
