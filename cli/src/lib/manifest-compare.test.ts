import { describe, expect, it } from 'vitest'
import { changesOf, covers, renderChanges, same } from './manifest-compare'
import { parseEnvFile } from './manifest-env-file'

describe('comparing described fields with live ones', () => {
  it('covers: the live object has every field given (server defaults beside them are fine)', () => {
    expect(covers({ cpu: 100 }, { cpu: 100, memory: 64 })).toBe(true)
    expect(covers({ cpu: 200 }, { cpu: 100, memory: 64 })).toBe(false)
    expect(covers([{ key: 'a' }], [{ key: 'a', operator: 'Equal' }])).toBe(true)
    expect(covers([{ key: 'a' }], [])).toBe(false)
  })

  it('same: maps wholly the file’s must be equal (a removed key is a difference), in any key order', () => {
    expect(same({ A: '1', B: '2' }, { B: '2', A: '1' })).toBe(true)
    expect(same({ A: '1' }, { A: '1', B: '2' })).toBe(false)
  })

  it('only fields the file gives are compared', () => {
    const changes = changesOf([
      ['/replicas', 2, 3],
      ['/env', { A: '1' }, undefined],
      ['/resources', { cpu: 100, memory: 64 }, { memory: 64 }, 'covers'],
    ])
    expect(changes).toEqual([{ path: '/replicas', from: 2, to: 3 }])
    expect(renderChanges(changes)).toEqual(['  /replicas:', '  -  2', '  +  3'])
  })
})

describe('env files', () => {
  it('reads KEY=value lines, skips blanks and comments, drops export, reports bad lines by number', () => {
    const r = parseEnvFile('# db\nDB_USER=app\n\nexport DB_PASSWORD=a=b\nnot a pair\n')
    expect(r.pairs).toEqual([
      ['DB_USER', 'app'],
      ['DB_PASSWORD', 'a=b'],
    ])
    expect(r.errors).toEqual(['line 5: "not a pair" is not KEY=value'])
  })
})
