import { parseArgs } from 'citty'
import { describe, expect, it } from 'vitest'
import {
  checkArgs,
  defineArgs,
  envFlag,
  globalArgs,
  intFlag,
  labelsFlag,
  repeatedFlag,
  taintsFlag,
  tolerationsFlag,
} from './args'
import { CLIError, ExitCode } from './errors'

const argsDef = defineArgs({
  pack: { type: 'positional', required: true },
  label: { type: 'string' },
  namespace: { type: 'string', alias: 'n' },
  follow: { type: 'boolean', alias: 'f' },
  ...globalArgs,
})

const usageFailure = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(CLIError)
    expect((error as CLIError).exitCode).toBe(ExitCode.usage)
    return (error as CLIError).message
  }
  throw new Error('expected a usage error')
}

describe('repeated flags', () => {
  it('citty 0.2.2 keeps only the last value of a repeated option (why repeatedFlag exists)', () => {
    const parsed = parseArgs(['x', '--label', 'a=b', '--label', 'c=d'], argsDef)
    expect(parsed.label).toBe('c=d')
  })

  it('collects every value, in both --flag v and --flag=v forms, and stops at --', () => {
    const raw = ['x', '--label', 'a=b', '--namespace', 'ns', '--label=c=d', '--', '--label', 'e=f']
    expect(repeatedFlag(raw, 'label')).toEqual(['a=b', 'c=d'])
    expect(repeatedFlag(['-n', 'one', '--namespace', 'two'], 'namespace', 'n')).toEqual(['one', 'two'])
    expect(repeatedFlag(['--label'], 'label')).toEqual([])
  })

  it('parses labels, taints, tolerations and env with the shared parsers', () => {
    const raw = [
      '--label',
      'zone=home',
      '--label',
      'gpu=',
      '--taint',
      'gpu=yes:NoSchedule',
      '--toleration',
      'gpu:NoSchedule',
      '--toleration',
      '*',
      '--env',
      'A=1',
      '--env',
      'B=x=y',
    ]
    expect(labelsFlag(raw, 'label')).toEqual({ zone: 'home', gpu: '' })
    expect(taintsFlag(raw)).toEqual([{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }])
    expect(tolerationsFlag(raw)).toEqual([{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists' }])
    expect(envFlag(raw)).toEqual({ A: '1', B: 'x=y' })
  })

  it('turns a bad value into a usage error naming the flag', () => {
    expect(usageFailure(() => labelsFlag(['--label', 'nokey'], 'label'))).toMatch(
      /^--label: label "nokey" must look like key=value/,
    )
    expect(usageFailure(() => taintsFlag(['--taint', 'gpu=yes'], 'taint'))).toMatch(/^--taint: /)
    expect(usageFailure(() => tolerationsFlag(['--toleration', 'a=b:Sometimes']))).toMatch(/effect must be one of/)
    expect(usageFailure(() => envFlag(['--env', '=x']))).toMatch(/^--env: /)
  })
})

describe('checkArgs', () => {
  it('accepts known options, aliases, --no-color and values', () => {
    expect(() =>
      checkArgs(['hello', '-n', 'prod', '-f', '--label=a=b', '--no-color', '-o', 'json', '--api-url', 'http://x'], argsDef),
    ).not.toThrow()
  })

  it('rejects an unknown option, a missing value and an extra positional', () => {
    expect(usageFailure(() => checkArgs(['hello', '--nmae', 'x'], argsDef))).toBe('unknown option --nmae')
    expect(usageFailure(() => checkArgs(['hello', '--namespace'], argsDef))).toBe('option --namespace needs a value')
    expect(usageFailure(() => checkArgs(['hello', 'world'], argsDef))).toBe('too many arguments (unexpected "world")')
    expect(usageFailure(() => checkArgs(['x'], defineArgs({ ...globalArgs })))).toBe(
      'this command takes no arguments (unexpected "x")',
    )
    expect(usageFailure(() => checkArgs(['hello', '--no-namespace'], argsDef))).toBe('unknown option --no-namespace')
  })

  it('-o is the output format also where a command writes a file (--out): a file name there gets the way out', () => {
    const withOut = defineArgs({ entry: { type: 'positional', required: true }, out: { type: 'string' }, ...globalArgs })
    expect(() => checkArgs(['h.js', '--out', 'x.js', '-o', 'json'], withOut)).not.toThrow()
    expect(usageFailure(() => checkArgs(['h.js', '-o', 'x.js'], withOut))).toBe(
      '-o is the output format (json, table, wide, name, plain); to write to a file use --out x.js',
    )
    expect(usageFailure(() => checkArgs(['h.js', '--output=dist/x.js'], withOut))).toMatch(/use --out dist\/x\.js$/)
  })

  it('counts what follows -- as positionals', () => {
    expect(() => checkArgs(['--', '--weird-name'], argsDef)).not.toThrow()
    expect(usageFailure(() => checkArgs(['a', '--', 'b'], argsDef))).toMatch(/too many arguments/)
  })
})

describe('intFlag', () => {
  it('parses whole numbers within range and rejects the rest', () => {
    expect(intFlag(undefined, 'cpu')).toBeUndefined()
    expect(intFlag('250', 'cpu')).toBe(250)
    expect(usageFailure(() => intFlag('1.5', 'cpu'))).toMatch(/^--cpu must be a whole number/)
    expect(usageFailure(() => intFlag('-1', 'cpu'))).toMatch(/from 0 to/)
    expect(usageFailure(() => intFlag('1001', 'priority', { max: 1000 }))).toMatch(/from 0 to 1000/)
    expect(usageFailure(() => intFlag('abc', 'tail', { min: 1 }))).toMatch(/got "abc"/)
  })
})
