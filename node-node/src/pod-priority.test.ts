import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lowerPodPriority, type PriorityIo } from './pod-priority'
import { niceOf } from './testing/nice'

function fakeIo(groups: Record<string, string>, fail: { setPriority?: boolean; write?: boolean } = {}) {
  const calls: string[] = []
  const io: PriorityIo = {
    setPriority: (pid, nice) => {
      if (fail.setPriority) throw new Error('EACCES')
      calls.push(`nice ${pid} ${nice}`)
    },
    read: (path) => {
      const text = groups[path]
      if (text === undefined) throw new Error('ENOENT')
      return text
    },
    write: (path, text) => {
      if (fail.write) throw new Error('EACCES')
      calls.push(`write ${path} ${text}`)
    },
  }
  return { io, calls }
}

describe('pod priority', () => {
  it('sets the process’s nice value and its own session’s', () => {
    const { io, calls } = fakeIo({
      '/proc/self/autogroup': '/autogroup-1 nice 0\n',
      '/proc/42/autogroup': '/autogroup-9 nice 0\n',
    })
    expect(lowerPodPriority(42, 10, io)).toEqual({ process: true, session: true })
    expect(calls).toEqual(['nice 42 10', 'write /proc/42/autogroup 10'])
  })

  it('never touches a session it shares with the agent, nor anything at nice 0', () => {
    const shared = fakeIo({ '/proc/self/autogroup': '/autogroup-1 nice 0\n', '/proc/42/autogroup': '/autogroup-1 nice 0\n' })
    expect(lowerPodPriority(42, 10, shared.io)).toEqual({ process: true, session: false })
    expect(shared.calls).toEqual(['nice 42 10'])
    const none = fakeIo({ '/proc/self/autogroup': '/autogroup-1 nice 0', '/proc/42/autogroup': '/autogroup-9 nice 0' })
    expect(lowerPodPriority(42, 0, none.io)).toEqual({ process: false, session: false })
    expect(none.calls).toEqual([])
  })

  it('says what did not take (no autogroup, not permitted) and throws nothing', () => {
    expect(lowerPodPriority(42, 10, fakeIo({}).io)).toEqual({ process: true, session: false })
    const denied = fakeIo(
      { '/proc/self/autogroup': '/autogroup-1 nice 0', '/proc/42/autogroup': '/autogroup-9 nice 0' },
      { setPriority: true, write: true },
    )
    expect(lowerPodPriority(42, 10, denied.io)).toEqual({ process: false, session: false })
  })

  it.runIf(process.platform === 'linux')('lowers a real process in a session of its own, on this machine', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { detached: true, stdio: 'ignore' })
    try {
      await new Promise((resolve) => child.once('spawn', resolve))
      const took = lowerPodPriority(child.pid!, 7)
      expect(took.process).toBe(true)
      expect(niceOf(child.pid!)).toBe(7)
      // Where the kernel groups sessions (autogroup), the child's own group is lowered, the agent's is not.
      if (existsSync('/proc/self/autogroup')) {
        expect(took.session).toBe(true)
        expect(readFileSync(`/proc/${child.pid}/autogroup`, 'utf8')).toMatch(/ nice 7\b/)
        expect(readFileSync('/proc/self/autogroup', 'utf8')).not.toMatch(/ nice 7\b/)
      }
    } finally {
      child.kill('SIGKILL')
    }
  })
})
