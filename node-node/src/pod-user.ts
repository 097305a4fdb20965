/**
 * `--pod-user`: the OS user pod processes run as — `nobody`, `1000`, `1000:1000` or `name:group`.
 * Names are looked up in /etc/passwd and /etc/group; only an agent running as root may switch.
 */
import { readFileSync } from 'node:fs'
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
