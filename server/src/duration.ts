import { parseDuration } from '@stark/shared'

export { parseDuration, readDuration } from '@stark/shared'

/** Reads an optional duration setting from the environment (the one grammar: `500ms`, `5s`, `1h30m`). */
export function envDuration(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name]
  return v === undefined || v === '' ? undefined : parseDuration(v, name)
}
