/**
 * What a new password must be: at least 12 characters, and none of the most common passwords
 * (compared without regard to case). The list is a data file shipped with the server
 * (server/data/common-passwords.txt), read once at start by `loadCommonPasswords`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { badRequest } from '../errors'

export const MIN_PASSWORD_LENGTH = 12

export function parseCommonPasswords(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  )
}

/** The shipped list; found from the sources (src/auth) and from the build (dist) alike. */
export function loadCommonPasswords(from: string = fileURLToPath(import.meta.url)): Set<string> {
  let dir = dirname(from)
  for (let up = 0; up < 4; up++) {
    const file = join(dir, 'data', 'common-passwords.txt')
    if (existsSync(file)) return parseCommonPasswords(readFileSync(file, 'utf8'))
    dir = dirname(dir)
  }
  throw new Error(`the common-password list (data/common-passwords.txt) was not found above ${from}`)
}

export function createPasswordPolicy(common: ReadonlySet<string>) {
  return {
    /** Throws a 400 saying what is wrong with a new password. */
    check(password: string): void {
      if ([...password].length < MIN_PASSWORD_LENGTH)
        throw badRequest(`password must be at least ${MIN_PASSWORD_LENGTH} characters`)
      if (common.has(password.toLowerCase()) || new Set(password).size === 1) {
        throw badRequest('password is one of the most commonly used passwords; choose another')
      }
    },
  }
}
export type PasswordPolicy = ReturnType<typeof createPasswordPolicy>
