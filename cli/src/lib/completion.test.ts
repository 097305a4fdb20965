import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { root } from '../root'
import { bashCompletion, commandTree } from './completion'

/** Runs the generated completion function in a real bash for the words typed so far. */
function complete(script: string, typed: string[]): string[] {
  const words = ['stark', ...typed]
  const program = `${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_stark
printf '%s\\n' "\${COMPREPLY[@]}"`
  return execFileSync('bash', ['-c', program], { encoding: 'utf8' }).split('\n').filter(Boolean)
}

describe('shell completion', async () => {
  const nodes = await commandTree(root)
  const script = bashCompletion(nodes)

  it('walks every command, loading the lazy ones', () => {
    const paths = nodes.map((n) => n.path.join(' '))
    expect(paths).toEqual(expect.arrayContaining(['pod', 'pod logs', 'node agent start', 'events', 'status', 'config set']))
  })

  it('completes commands, subcommands, options and enum values in bash', () => {
    expect(complete(script, ['po'])).toEqual(['pod'])
    expect(complete(script, ['pod', ''])).toEqual(expect.arrayContaining(['create', 'list', 'logs', 'status', 'delete']))
    expect(complete(script, ['pod', 'logs', '--f'])).toEqual(['--follow'])
    expect(complete(script, ['-o', 'json', 'pod', 'logs', '--p'])).toEqual(['--previous'])
    expect(complete(script, ['events', '--category', 'no'])).toEqual(['node'])
    expect(complete(script, ['pod', 'list', '-o', ''])).toEqual(['json', 'table', 'plain'])
    // A positional (a pod name, a file) is left to the shell.
    expect(complete(script, ['pod', 'logs', ''])).toEqual([])
  })
})
