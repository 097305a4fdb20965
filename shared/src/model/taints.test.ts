import { describe, expect, it } from 'vitest'
import {
  formatTaint,
  parseTaint,
  parseToleration,
  taintSchema,
  tolerates,
  tolerationSchema,
  untoleratedTaints,
  type Taint,
  type Toleration,
} from './taints'

describe('parseTaint', () => {
  it.each([
    ['gpu=true:NoSchedule', { key: 'gpu', value: 'true', effect: 'NoSchedule' }],
    ['dedicated:NoExecute', { key: 'dedicated', effect: 'NoExecute' }],
    ['example.com/spot=:PreferNoSchedule', { key: 'example.com/spot', value: '', effect: 'PreferNoSchedule' }],
  ])('%s', (text, taint) => {
    expect(parseTaint(text)).toEqual(taint)
    expect(taintSchema.parse(parseTaint(text))).toEqual(taint)
  })
  it.each([
    ['gpu=true', /must look like key=value:Effect/],
    ['gpu', /must look like key=value:Effect/],
    ['gpu=true:Sometimes', /effect must be one of NoSchedule, PreferNoSchedule, NoExecute/],
    ['bad key=x:NoSchedule', /taint key "bad key"/],
    ['gpu=a b:NoSchedule', /taint value "a b"/],
    [':NoSchedule', /taint key ""/],
  ])('refuses %j', (text, message) => expect(() => parseTaint(text)).toThrow(message))

  it('formats back to the same text', () => {
    for (const t of ['gpu=true:NoSchedule', 'dedicated:NoExecute', 'x=:PreferNoSchedule'])
      expect(formatTaint(parseTaint(t))).toBe(t)
  })
})

describe('parseToleration', () => {
  it.each<[string, Toleration]>([
    ['gpu=true:NoSchedule', { key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
    ['gpu=true', { key: 'gpu', operator: 'Equal', value: 'true' }],
    ['gpu:NoSchedule', { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
    ['gpu', { key: 'gpu', operator: 'Exists' }],
    [':NoExecute', { operator: 'Exists', effect: 'NoExecute' }],
    ['*', { operator: 'Exists' }],
    ['node.down:NoExecute:300', { key: 'node.down', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    ['a=b:NoExecute:0', { key: 'a', operator: 'Equal', value: 'b', effect: 'NoExecute', tolerationSeconds: 0 }],
  ])('%s', (text, toleration) => expect(parseToleration(text)).toEqual(toleration))

  it.each([
    ['gpu=true:Sometimes', /effect must be one of/],
    ['gpu:300', /effect must be one of/],
    ['bad key:NoSchedule', /toleration key "bad key"/],
    ['=x:NoSchedule', /operator Equal needs a key/],
    ['gpu:NoSchedule:30', /tolerationSeconds is only for effect NoExecute/],
  ])('refuses %j', (text, message) => expect(() => parseToleration(text)).toThrow(message))

  describe('the schema refuses what Kubernetes refuses', () => {
    it.each<[string, unknown, RegExp | null]>([
      ['Equal without key', { operator: 'Equal', value: 'x' }, /operator Equal needs a key/],
      ['Equal is the default operator', { value: 'x' }, /operator Equal needs a key/],
      ['Exists with a value', { key: 'gpu', operator: 'Exists', value: 'true' }, /operator Exists takes no value/],
      [
        'tolerationSeconds without NoExecute',
        { key: 'gpu', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 },
        /only for effect NoExecute/,
      ],
      [
        'tolerationSeconds without any effect',
        { key: 'gpu', operator: 'Exists', tolerationSeconds: 10 },
        /only for effect NoExecute/,
      ],
      ['an unknown effect', { key: 'gpu', operator: 'Exists', effect: 'NoRun' }, /Invalid option|expected one of/i],
      ['an unknown operator', { key: 'gpu', operator: 'Gt' }, /Invalid option|expected one of/i],
      ['negative seconds', { key: 'gpu', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -1 }, />=0|too small/i],
      ['Exists without key tolerates everything', { operator: 'Exists' }, null],
      ['Exists with an empty value', { key: 'gpu', operator: 'Exists', value: '' }, null],
      ['NoExecute with seconds', { key: 'gpu', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }, null],
      ['Equal with key and no value', { key: 'gpu', operator: 'Equal' }, null],
    ])('%s', (_, input, problem) => {
      const r = tolerationSchema.safeParse(input)
      if (problem === null) expect(r.success, JSON.stringify(r.error?.issues)).toBe(true)
      else expect(JSON.stringify(r.error?.issues ?? 'accepted')).toMatch(problem)
    })
  })

  // Known gap, reported: parseTaint checks the value, parseToleration does not (the zod schema
  // still refuses it at the REST edge). Flip to `it` when taints.ts is fixed.
  it('refuses an invalid value, as parseTaint does', () => {
    expect(() => parseToleration('gpu=a b:NoSchedule')).toThrow(/value "a b"/)
  })
})

describe('tolerates', () => {
  const gpu: Taint = { key: 'gpu', value: 'true', effect: 'NoSchedule' }
  const bare: Taint = { key: 'spot', effect: 'NoExecute' }
  const t = parseToleration
  it.each<[string, Taint, boolean]>([
    ['gpu=true:NoSchedule', gpu, true],
    ['gpu=true', gpu, true], // no effect: any effect
    ['gpu=false:NoSchedule', gpu, false],
    ['gpu=true:NoExecute', gpu, false],
    ['gpu:NoSchedule', gpu, true],
    ['gpu', gpu, true],
    ['other', gpu, false],
    [':NoSchedule', gpu, true],
    [':NoExecute', gpu, false],
    ['*', gpu, true],
    ['*', bare, true],
    ['spot=:NoExecute', bare, true], // an empty value equals no value
    ['spot=x:NoExecute', bare, false],
    ['spot', bare, true],
  ])('%s tolerates %j: %s', (text, taint, expected) => expect(tolerates(t(text), taint)).toBe(expected))

  it('an Equal toleration without a key tolerates nothing', () => {
    expect(tolerates({ operator: 'Equal', value: 'true' }, gpu)).toBe(false)
  })

  it('untoleratedTaints keeps what no toleration covers, for the effects asked', () => {
    const soft: Taint = { key: 'soft', effect: 'PreferNoSchedule' }
    const taints = [gpu, bare, soft]
    expect(untoleratedTaints(taints, [t('gpu')])).toEqual([bare, soft])
    expect(untoleratedTaints(taints, [t('gpu')], ['NoSchedule', 'NoExecute'])).toEqual([bare])
    expect(untoleratedTaints(taints, [t('*')])).toEqual([])
    expect(untoleratedTaints([], [])).toEqual([])
  })
})
