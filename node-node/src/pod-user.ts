/**
 * `--pod-user`: the OS user pod processes run as — `nobody`, `1000`, `1000:1000` or `name:group`.
 * Names are looked up in /etc/passwd and /etc/group; only an agent running as root may switch.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { PodUser } from './pod-process-pool'

function lookup(file: string, name: string): { id: number; gid?: number } | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  for (const line of text.split('\n')) {
    const f = line.split(':')
    if (f[0] === name && f[2] !== undefined) return { id: Number(f[2]), ...(f[3] !== undefined ? { gid: Number(f[3]) } : {}) }
  }
  return undefined
}

export function parsePodUser(spec: string, files = { passwd: '/etc/passwd', group: '/etc/group' }): PodUser {
  const [userPart = '', groupPart] = spec.split(':')
  const numeric = (v: string) => /^\d+$/.test(v)
  const user = numeric(userPart) ? { id: Number(userPart) } : lookup(files.passwd, userPart)
  if (!user) throw new Error(`unknown user "${userPart}" (give a name from /etc/passwd or a numeric uid)`)
  let gid = user.gid
  if (groupPart !== undefined) {
    const group = numeric(groupPart) ? { id: Number(groupPart) } : lookup(files.group, groupPart)
    if (!group) throw new Error(`unknown group "${groupPart}"`)
    gid = group.id
  }
  if (gid === undefined) throw new Error(`give the group too: --pod-user ${userPart}:<gid>`)
  return { uid: user.id, gid }
}

/**
 * Why `user` could not open `path` (every directory above it searchable, the file itself readable),
 * with the fix; undefined when it can. Root-owned checkouts in a 0700 home are the usual case.
 */
export function unreachableFor(
  path: string,
  user: PodUser,
  stat: (p: string) => { mode: number; uid: number; gid: number } = statSync,
): string | undefined {
  const may = (s: { mode: number; uid: number; gid: number }, bit: number) =>
    s.uid === user.uid ? (s.mode & (bit << 6)) !== 0 : s.gid === user.gid ? (s.mode & (bit << 3)) !== 0 : (s.mode & bit) !== 0
  let real: string
  try {
    real = realpathSync(path)
  } catch (error) {
    return (error as Error).message
  }
  if (!may(stat(real), 4)) return `${real} is not readable by that user (chmod o+r ${real})`
  for (let dir = dirname(real); ; dir = dirname(dir)) {
    if (!may(stat(dir), 1))
      return `the directory ${dir} is private to its owner (chmod o+x ${dir}, or install Stark and Node where every user can read them)`
    if (dir === dirname(dir)) return undefined
  }
}
