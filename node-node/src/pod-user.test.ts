import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePodUser, unreachableFor } from './pod-user'

const dir = mkdtempSync(join(tmpdir(), 'stark-pod-user-'))
const files = { passwd: join(dir, 'passwd'), group: join(dir, 'group') }
writeFileSync(files.passwd, 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n')
writeFileSync(files.group, 'root:x:0:\nnogroup:x:65534:\nstaff:x:50:\n')

describe('parsePodUser', () => {
  it('takes a name, a name with a group, or numbers', () => {
    expect(parsePodUser('nobody', files)).toEqual({ uid: 65534, gid: 65534 })
    expect(parsePodUser('nobody:staff', files)).toEqual({ uid: 65534, gid: 50 })
    expect(parsePodUser('1000:1000', files)).toEqual({ uid: 1000, gid: 1000 })
  })

  it('refuses unknown names and a bare uid without a group', () => {
    expect(() => parsePodUser('ghost', files)).toThrow(/unknown user "ghost"/)
    expect(() => parsePodUser('nobody:ghosts', files)).toThrow(/unknown group/)
    expect(() => parsePodUser('1000', files)).toThrow(/give the group/)
  })
})

describe('unreachableFor: can the pod user open a file the agent gives it', () => {
  const nobody = { uid: 65534, gid: 65534 }
  it('names the private directory on the way and the fix, and passes once it is open', () => {
    chmodSync(dir, 0o755)
    const home = join(dir, 'private-home')
    mkdirSync(join(home, 'stark'), { recursive: true })
    const file = join(home, 'stark', 'pod-process.mjs')
    writeFileSync(file, '', { mode: 0o644 })
    chmodSync(home, 0o700)
    expect(unreachableFor(file, nobody)).toMatch(new RegExp(`directory ${home} is private.*chmod o\\+x`))
    chmodSync(home, 0o755)
    expect(unreachableFor(file, nobody)).toBeUndefined()
    chmodSync(file, 0o600)
    expect(unreachableFor(file, nobody)).toMatch(/not readable by that user/)
  })

  it('counts the owner and group bits for the user that owns the path', () => {
    const stat = (mode: number) => () => ({ mode, uid: 65534, gid: 1 })
    expect(unreachableFor(dir, nobody, stat(0o500))).toBeUndefined()
    expect(unreachableFor(dir, nobody, stat(0o077))).toMatch(/not readable/)
  })
})
