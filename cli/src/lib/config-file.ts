/**
 * `stark config get|set|unset`: the keys of $STARK_HOME/config.json as the command line names them
 * (api-url, output, namespace), validated before they are written; the file is replaced atomically.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { resourceName } from '@stark/shared'
import { outputFormats, type OutputFormat } from './args'
import { loadConfig, normalizeApiUrl, type CliConfig } from './config'
import { usageError } from './errors'

export const CONFIG_KEYS = ['api-url', 'output', 'namespace'] as const
export type ConfigKey = (typeof CONFIG_KEYS)[number]

const FIELD: Record<ConfigKey, keyof CliConfig> = { 'api-url': 'apiUrl', output: 'output', namespace: 'namespace' }

export function configKey(key: string): ConfigKey {
  if ((CONFIG_KEYS as readonly string[]).includes(key)) return key as ConfigKey
  throw usageError(`unknown config key "${key}" (one of: ${CONFIG_KEYS.join(', ')})`)
}

/** The value to store for a key, or a usage error naming what is expected. */
export function configValue(key: ConfigKey, value: string): string {
  switch (key) {
    case 'api-url':
      return normalizeApiUrl(value)
    case 'output':
      if (!outputFormats.includes(value)) throw usageError(`output must be one of ${outputFormats.join(', ')} (got "${value}")`)
      return value as OutputFormat
    case 'namespace': {
      const parsed = resourceName.safeParse(value)
      if (!parsed.success)
        throw usageError(`namespace "${value}" is not a valid name (lower-case letters, digits and "-", at most 63)`)
      return value
    }
  }
}

export const readConfigKey = (home: string, key: ConfigKey): string | null => loadConfig(home)[FIELD[key]] ?? null

/** Sets (or with `undefined`, removes) one key and writes config.json. */
export function writeConfigKey(home: string, key: ConfigKey, value: string | undefined): CliConfig {
  const config: Record<string, unknown> = { ...loadConfig(home) }
  if (value === undefined) delete config[FIELD[key]]
  else config[FIELD[key]] = value
  mkdirSync(home, { recursive: true, mode: 0o700 })
  const path = join(home, 'config.json')
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  renameSync(tmp, path)
  return config as CliConfig
}

/** Every key, as stored (null when unset). */
export function allConfig(home: string): Record<ConfigKey, string | null> {
  const config = loadConfig(home)
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, config[FIELD[k]] ?? null])) as Record<ConfigKey, string | null>
}
