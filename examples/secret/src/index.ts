import type { PackContext } from '@stark/pack'

/**
 * A universal pack that reads a secret: `stark secret create api --from-literal API_TOKEN=…`, then
 * `stark pod create example-secret --secret api`. The secret's keys join ctx.env on the node only;
 * the pack uses the value and never prints it (a short fingerprint shows which one it got).
 */
export default async function main(ctx: PackContext) {
  const token = ctx.env.API_TOKEN
  if (!token) throw new Error('API_TOKEN is not set: create the pod with --secret NAME (a secret with the key API_TOKEN)')
  ctx.log(`got API_TOKEN (${token.length} characters, fingerprint ${fingerprint(token)}) on ${ctx.runtime}`)
}

/** FNV-1a, 32 bits: tells two values apart in a log without giving either away. */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
  return hash.toString(16).padStart(8, '0')
}
