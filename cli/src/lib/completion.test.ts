import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { root } from '../root'
import { bashCompletion, commandTree } from './completion'

/**
 * Runs the generated completion function in a real bash for the words typed so far. `stark` itself
 * is a shell function here that answers `stark completion names KIND` as a server would.
 */
function complete(script: string, typed: string[]): string[] {
  const words = ['stark', ...typed]
  const program = `${script}
stark() { [[ "$1 $2" == "completion names" ]] && printf '%s\\n' "$3-one" "$3-two"; }
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
    expect(complete(script, ['pod', 'list', '-o', ''])).toEqual(['json', 'table', 'wide', 'name', 'plain'])
    // A positional that is a file is left to the shell.
    expect(complete(script, ['pack', 'register', ''])).toEqual([])
  })

  it('completes an alias like its command', () => {
    expect(complete(script, ['pc', ''])).toEqual(expect.arrayContaining(['create', 'list', 'delete']))
    expect(complete(script, ['pc', ''])).not.toContain('pod')
  })

  it('completes names of existing resources from the server, never for a create', () => {
    expect(complete(script, ['pod', 'logs', ''])).toEqual(['pods-one', 'pods-two'])
    expect(complete(script, ['pod', 'logs', 'pods-t'])).toEqual(['pods-two'])
    expect(complete(script, ['service', 'scale', ''])).toEqual(['services-one', 'services-two'])
    expect(complete(script, ['node', 'drain', ''])).toEqual(['nodes-one', 'nodes-two'])
    expect(complete(script, ['namespace', 'delete', ''])).toEqual(['namespaces-one', 'namespaces-two'])
    expect(complete(script, ['pod', 'create', ''])).toEqual(['packs-one', 'packs-two'])
    expect(complete(script, ['namespace', 'create', ''])).toEqual([])
  })
})
