/**
 * TLS for the server: HTTPS and WSS on the one port. Either certificate and key files
 * (`--tls-cert F --tls-key F`, or STARK_TLS_CERT / STARK_TLS_KEY), or `--tls-self-signed` for
 * development: a certificate for localhost, 127.0.0.1, ::1 and the host the server binds to,
 * generated once (the `selfsigned` package) and kept in $STARK_HOME/tls (key mode 0600), so a
 * restart keeps the same fingerprint. Clients accept it with -k/--insecure.
 *
 * In production put Stark behind a TLS-terminating proxy (see README) or give it real files.
 */
import { createHash, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'

export type TlsConfig = { certFile: string; keyFile: string } | { selfSigned: true }

export interface TlsMaterial {
  cert: string
  key: string
  /** SHA-256 fingerprint of the certificate, AA:BB:… (printed at start, to compare). */
  fingerprint: string
  /** Where a generated certificate is kept, when it was generated. */
  generatedIn?: string
}

export function tlsFromEnv(env: Record<string, string | undefined>): TlsConfig | undefined {
  if (env.STARK_TLS_CERT && env.STARK_TLS_KEY) return { certFile: env.STARK_TLS_CERT, keyFile: env.STARK_TLS_KEY }
  if (env.STARK_TLS_SELF_SIGNED === 'true' || env.STARK_TLS_SELF_SIGNED === '1') return { selfSigned: true }
  return undefined
}

export const fingerprintOf = (certPem: string) =>
  createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex').toUpperCase().match(/../g)!.join(':')

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`cannot read the TLS ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}

/** Reads the configured files, or makes (once) and reads the self-signed pair under `home/tls`. */
export async function loadTls(config: TlsConfig, home: string, host: string): Promise<TlsMaterial> {
  if (!('selfSigned' in config)) {
    const cert = readPem(config.certFile, 'certificate')
    const key = readPem(config.keyFile, 'key')
    let fingerprint: string
    try {
      fingerprint = fingerprintOf(cert)
    } catch {
      throw new Error(`${config.certFile} is not a PEM certificate`)
    }
    return { cert, key, fingerprint }
  }
  const dir = join(home, 'tls')
  const certFile = join(dir, 'self-signed.crt')
  const keyFile = join(dir, 'self-signed.key')
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    const { generate } = await import('selfsigned')
    const names = new Set(['localhost', '127.0.0.1', '::1', host].filter((h) => h && h !== '0.0.0.0' && h !== '::'))
    const altNames = [...names].map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n }))
    const now = Date.now()
    const pems = await generate([{ name: 'commonName', value: 'stark (self-signed)' }], {
      keyType: 'ec',
      curve: 'P-256',
      notBeforeDate: new Date(now - 60_000),
      notAfterDate: new Date(now + 825 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    })
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeFileSync(keyFile, pems.private, { mode: 0o600 })
    writeFileSync(certFile, pems.cert, { mode: 0o644 })
  }
  const cert = readFileSync(certFile, 'utf8')
  return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: fingerprintOf(cert), generatedIn: dir }
}
