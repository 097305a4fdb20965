/** Env files: `KEY=value` lines, blank lines and `#` comments, an optional `export ` before the key. */
export function parseEnvFile(text: string): { pairs: [string, string][]; errors: string[] } {
  const pairs: [string, string][] = []
  const errors: string[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim()
    if (!t || t.startsWith('#')) return
    const eq = t.indexOf('=')
    if (eq <= 0) errors.push(`line ${i + 1}: "${t.slice(0, 40)}" is not KEY=value`)
    else pairs.push([t.slice(0, eq).replace(/^export\s+/, ''), t.slice(eq + 1)])
  })
  return { pairs, errors }
}
