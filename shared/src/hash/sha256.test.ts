import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { seededRng } from '../random'
import { sha256HexSync } from './sha256'

const utf8 = (s: string) => new TextEncoder().encode(s)

describe('sha256 in plain JavaScript', () => {
  it('gives the FIPS 180-4 / NIST example digests', () => {
    expect(sha256HexSync(utf8(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256HexSync(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256HexSync(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
    expect(
      sha256HexSync(
        utf8('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'),
      ),
    ).toBe('cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1')
    expect(sha256HexSync(new Uint8Array(1_000_000).fill(0x61))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    )
  })

  it('agrees with Node at every length around the block and padding edges, and on random input', () => {
    const rng = seededRng(19)
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4097]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng() * 256))
      expect(sha256HexSync(bytes), `length ${n}`).toBe(createHash('sha256').update(bytes).digest('hex'))
    }
  })
})
