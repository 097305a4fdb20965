import { sha256HexSync, toHex } from '@stark/shared'

/**
 * Hex sha256 of bytes: WebCrypto where the page has it (secure contexts: https and localhost),
 * else the plain-JavaScript digest from shared — a plain-HTTP LAN origin has no `crypto.subtle`,
 * and its pods must still get verified bundles.
 */
export async function sha256Hex(
  bytes: ArrayBuffer | Uint8Array,
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
): Promise<string> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  if (!subtle) return sha256HexSync(data)
  return toHex(new Uint8Array(await subtle.digest('SHA-256', data as BufferSource)))
}
