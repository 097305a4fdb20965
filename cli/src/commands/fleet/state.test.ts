import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { alive, fleetFile, readFleet, removeFleet, writeFleet, type FleetState } from './state'

const home = mkdtempSync(join(tmpdir(), 'stark-fleet-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

describe('the fleet record', () => {
  it('is written for its owner only, read back, and removed', () => {
    expect(readFleet(home)).toBeUndefined()
    const state: FleetState = {
      pid: process.pid,
      apiUrl: 'http://h',
      count: 2,
      names: ['a-1'],
      joined: 1,
      ready: false,
      startedAt: 'now',
      log: 'x',
    }
    writeFleet(home, state)
    expect(readFleet(home)).toEqual(state)
    expect(statSync(fleetFile(home)).mode & 0o777).toBe(0o600)
    removeFleet(home)
    expect(readFleet(home)).toBeUndefined()
  })

  it('tells a live process from a gone one', () => {
    expect(alive(process.pid)).toBe(true)
    expect(alive(2 ** 22 + 12345)).toBe(false)
  })
})
