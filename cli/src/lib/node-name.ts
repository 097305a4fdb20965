/** A hostname as a node name: lower-case letters, digits and "-", at most 63 characters. */
export function nodeNameFromHostname(hostname: string): string {
  const name = hostname
    .split('.')[0]!
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '')
  return name || 'node'
}
