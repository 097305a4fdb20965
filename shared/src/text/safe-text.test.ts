import { describe, expect, it } from 'vitest'
import { cleanLogLine, isSafeText, safeText, safeValue } from './safe-text'

describe('safeText', () => {
  it('leaves ordinary text, tabs and paired surrogates alone', () => {
    const text = 'héllo\twörld 日本 🎉 "quoted" \\ done'
    expect(safeText(text)).toBe(text)
    expect(isSafeText(text)).toBe(true)
  })

  it('makes C0 controls, DEL, NUL and carriage returns visible as control pictures', () => {
    expect(safeText('a\u0000b')).toBe('a\u2400b')
    expect(safeText('x\u001b[2Jy')).toBe('x\u241b[2Jy')
    expect(safeText('ok\rFAKE')).toBe('ok\u240dFAKE')
    expect(safeText('one\ntwo')).toBe('one\u240atwo')
    expect(safeText('bell\u0007del\u007f')).toBe('bell\u2407del\u2421')
  })

  it('writes C1 controls, bidi overrides and line separators as \\u escapes', () => {
    expect(safeText('a\u009b31mb')).toBe('a\\u009b31mb')
    expect(safeText('file\u202Etxt.exe')).toBe('file\\u202etxt.exe')
    expect(safeText('x\u2028y\u2066')).toBe('x\\u2028y\\u2066')
  })

  it('replaces lone surrogates, high or low, and keeps pairs', () => {
    expect(safeText('a\uD800b')).toBe('a\uFFFDb')
    expect(safeText('a\uDC00b')).toBe('a\uFFFDb')
    expect(safeText('end\uD83D')).toBe('end\uFFFD')
    expect(safeText('\uD83D\uDE00\uDE00')).toBe('\uD83D\uDE00\uFFFD')
  })

  it('leaves nothing a terminal or PostgreSQL would act on, for any code unit', () => {
    let all = ''
    for (let c = 0; c < 0x10000; c++) all += String.fromCharCode(c)
    const out = safeText(all)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(out).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/)
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
    expect(isSafeText(out)).toBe(true)
  })
})

describe('cleanLogLine', () => {
  it('drops colour sequences and neutralises every other escape (CSI, OSC, DCS)', () => {
    expect(cleanLogLine('\u001b[31mred\u001b[0m')).toEqual({ line: 'red', changed: true })
    const osc = cleanLogLine('\u001b]0;pwned\u0007title')
    expect(osc.line).toBe('\u241b]0;pwned\u2407title')
    const dcs = cleanLogLine('\u001bP1$r\u001b\\')
    expect(dcs.line).not.toContain('\u001b')
    expect(cleanLogLine('plain')).toEqual({ line: 'plain', changed: false })
  })
})

describe('safeValue', () => {
  it('cleans every string of a record, keys included, and keeps other values', () => {
    expect(
      safeValue({ a: 'x\u001by', n: 1, list: ['\u0000', true], nested: { 'k\u009b': null }, e: new Error('bad\u001b') }),
    ).toEqual({
      a: 'x\u241by',
      n: 1,
      list: ['\u2400', true],
      nested: { 'k\\u009b': null },
      e: { name: 'Error', message: 'bad\u241b' },
    })
  })
})
