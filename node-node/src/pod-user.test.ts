import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePodUser } from './pod-user'

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
