/**
 * Encryption at rest for secrets: AES-256-GCM with a random 96-bit nonce per value and the
 * secret's `namespace/name` as additional data (a ciphertext moved to another row does not open).
 * Sealed layout: version (1 byte) · nonce (12) · tag (16) · ciphertext.
 *
 * The key survives restarts: STARK_SECRET_KEY (32 bytes as base64/base64url or 64 hex digits;
 * required when several servers share one PostgreSQL) or else `$STARK_HOME/secret.key`, created
 * on first use with mode 0600. Its id (a sha256 prefix) is stored with every secret.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface SecretKey {
  readonly key: Buffer
  /** sha256 of the key, first 16 hex digits: which key sealed a value, without revealing it. */
  readonly id: string
  /** Where it came from, for messages. */
  readonly source: string
}

const VERSION = 1
const NONCE = 12
const TAG = 16

export const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16)

/** Reads a 32-byte key written as 64 hex digits or base64(url); throws a readable error otherwise. */
export function parseKey(text: string, source: string): SecretKey {
  const t = text.trim()
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  if (key.length !== 32)
    throw new Error(
      `${source} must be 32 bytes as base64 or 64 hex digits (got ${key.length} bytes); make one with: openssl rand -base64 32`,
    )
  return { key, id: keyId(key), source }
}

export interface KeySource {
  /** STARK_SECRET_KEY, if set. */
  env?: string | undefined
  /** $STARK_HOME/secret.key */
  file: string
}

/** The configured key, or null when there is none yet (nothing has needed one). */
export function loadSecretKey(source: KeySource): SecretKey | null {
  if (source.env) return parseKey(source.env, 'STARK_SECRET_KEY')
  if (!existsSync(source.file)) return null
  const mode = statSync(source.file).mode & 0o777
  if (mode & 0o077)
    throw new Error(
      `the secret key file ${source.file} is readable by others (mode ${mode.toString(8)}): chmod 600 ${source.file}`,
    )
  return parseKey(readFileSync(source.file, 'utf8'), source.file)
}

/** The configured key, creating the key file (mode 0600) when there is neither one nor STARK_SECRET_KEY. */
export function loadOrCreateSecretKey(source: KeySource): SecretKey {
  const existing = loadSecretKey(source)
  if (existing) return existing
  mkdirSync(dirname(source.file), { recursive: true, mode: 0o700 })
  writeFileSync(source.file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(source.file, 0o600)
  return loadSecretKey(source)!
}

export function seal(key: SecretKey, aad: string, plaintext: Buffer): Buffer {
  const nonce = randomBytes(NONCE)
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body])
}

/** Throws when the value was sealed with another key, for another name, or tampered with. */
export function open(key: SecretKey, aad: string, sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed)
  if (buf.length < 1 + NONCE + TAG || buf[0] !== VERSION) throw new Error('not a sealed secret')
  const decipher = createDecipheriv('aes-256-gcm', key.key, buf.subarray(1, 1 + NONCE))
  decipher.setAAD(Buffer.from(aad, 'utf8'))
  decipher.setAuthTag(buf.subarray(1 + NONCE, 1 + NONCE + TAG))
  return Buffer.concat([decipher.update(buf.subarray(1 + NONCE + TAG)), decipher.final()])
}
